import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BenchEngine, parseBenchEngine, startBenchEngine } from '../../bench/bench-engines.js';
import { type BeirBenchmarkResult, runBeirBenchmark } from '../../bench/run-beir-benchmark.js';
import { runEvalBenchmark } from '../../bench/run-eval-benchmark.js';
import { runIngestBenchmark } from '../../bench/run-ingest-benchmark.js';
import { runServeBenchmark } from '../../bench/run-serve-benchmark.js';
import { runScaleBenchmark, type ScaleBenchmarkResult } from '../../bench/scale/run-scale-benchmark.js';
import { chunkDocument } from '../../chunk/index.js';
import type { RetrievalMode } from '../../core/types.js';
import type { TextSearchPath } from '../../index/postgres/index.js';
import { measureProviderOverhead } from '../../providers/shared/index.js';
import type { CommandSpec } from '../main.js';
import { openWorkspace } from '../open-workspace.js';
import { collectList, parsePositiveInteger } from '../parse-options.js';
import { createEmbedder, createReranker, resolveEmbeddingDimensions } from '../select-providers.js';
import { bundledExample } from './demo.js';

/** A figure beside its bar, so a reader sees at a glance what was met. */
function against(value: number, bar: number, better: 'higher' | 'lower', digits = 4, unit = ''): string {
  const met = better === 'higher' ? value >= bar : value <= bar;
  return `${value.toFixed(digits)}${unit}  (bar ${better === 'higher' ? '≥' : '≤'} ${bar}${unit}: ${met ? 'met' : 'NOT met'})`;
}

/** Engines side by side, one column each, with the difference of the last from the first. */
function compareBeirRuns(runs: { engine: string; result: BeirBenchmarkResult }[]): string[] {
  const first = runs[0]!.result;
  const last = runs.at(-1)!.result;
  const row = (label: string, value: (result: BeirBenchmarkResult) => number, digits: number, unit = '') =>
    `${label.padEnd(15)}${runs.map(({ result }) => `${value(result).toFixed(digits)}${unit}`.padStart(14)).join('')}   Δ ${(value(last) - value(first)).toFixed(digits)}${unit}`;
  return [
    ...runs.map(({ engine }, i) => `engine ${i + 1}       ${engine}`),
    `${''.padEnd(15)}${runs.map((_, i) => `engine ${i + 1}`.padStart(14)).join('')}`,
    row('nDCG@10', (result) => result.ndcgAt10, 4),
    row('Recall@100', (result) => result.recallAt100, 4),
    row('MRR@10', (result) => result.mrrAt10, 4),
    row('ingest+index', (result) => result.ingestSeconds, 2, ' s'),
    row('query p50', (result) => result.userQueryP50Ms, 2, ' ms'),
    row('query p95', (result) => result.userQueryP95Ms, 2, ' ms'),
    row('ranking p50', (result) => result.queryP50Ms, 2, ' ms'),
    row('ranking p95', (result) => result.queryP95Ms, 2, ' ms'),
    `(query: k = 10 passages with text, as \`knowhow search\`; ranking: 150 passages deep for Recall@100)`,
    ...(first.chunks === last.chunks ? [] : [`chunks differ: ${first.chunks} vs ${last.chunks}`]),
  ];
}

/** Memory for a throwaway cluster under millions of rows (this machine: 23 GB, shared). */
const scaleServerSettings = {
  shared_buffers: '2GB',
  effective_cache_size: '8GB',
  maintenance_work_mem: '4GB',
  work_mem: '64MB',
  max_wal_size: '16GB',
  checkpoint_timeout: '1h',
};

/** The issue's bars at one million chunks on PostgreSQL. */
const scaleBars: Partial<Record<RetrievalMode, number>> = { bm25: 50, hybrid: 80 };

function describeScaleRun(engine: BenchEngine, description: string, result: ScaleBenchmarkResult): string[] {
  const withBars = engine !== 'lancedb' && result.chunks >= 1_000_000;
  return [
    `scale          ${result.chunks.toLocaleString('en')} chunks (${result.documents.toLocaleString('en')} documents) · ${engine}: ${description} · ${result.dimensions ? `${result.dimensions}-d hash vectors` : 'no vectors'} · reader of group g1 (65% of the corpus), k = 10`,
    `ingest         ${result.ingestSeconds.toFixed(1)} s (${result.chunksPerSecond.toFixed(0)} chunks/s); optimize ${result.optimizeSeconds.toFixed(1)} s`,
    `index size     ${(result.indexBytes / 1e6).toFixed(0)} MB`,
    ...result.latencies.map((figures) => {
      const bar = withBars ? scaleBars[figures.mode] : undefined;
      const p50 =
        bar === undefined ? `${figures.p50Ms.toFixed(1)} ms` : against(figures.p50Ms, bar, 'lower', 1, ' ms');
      return `${figures.mode.padEnd(6)} ${String(figures.clients).padStart(2)} client${figures.clients === 1 ? ' ' : 's'} p50 ${p50} · p95 ${figures.p95Ms.toFixed(1)} ms · ${figures.queriesPerSecond.toFixed(1)} queries/s · ${(figures.answered * 100).toFixed(0)}% answered`;
    }),
    `first pass     ${result.firstPass.mode} ${result.firstPass.clients} clients p50 ${result.firstPass.p50Ms.toFixed(1)} ms · p95 ${result.firstPass.p95Ms.toFixed(1)} ms · ${result.firstPass.queriesPerSecond.toFixed(1)} queries/s (warm-up, pages still on disk; not measured above)`,
    `access         ${result.leaks === 0 ? "no passage outside the reader's groups" : `${result.leaks} LEAKED passages`}`,
  ];
}

export const benchCommand: CommandSpec = {
  register(program, run) {
    const bench = program
      .command('bench')
      .description('benchmarks that print figures (retrieval quality, ingest throughput)');
    bench
      .command('beir')
      .description(
        'retrieval benchmark on a BEIR-format folder (corpus.jsonl, queries.jsonl, qrels/test.tsv)',
      )
      .argument('<dir>', 'the BEIR folder')
      .option('--mode <mode>', 'bm25 | dense | hybrid', 'bm25')
      .option('--rerank', 'rerank the top candidates with models.rerank', false)
      .option('--split <name>', 'qrels split', 'test')
      .option(
        '--max-tokens <n>',
        "chunk size (default: chunk.maxTokens; 8192 keeps each document whole, as Pyserini's flat index does)",
        (value) => parsePositiveInteger(value, '--max-tokens'),
      )
      .option('--queries <n>', 'only the first N queries', (value) =>
        parsePositiveInteger(value, '--queries'),
      )
      .option(
        '--engine <engine>',
        'index engine: lancedb | postgres (KNOWHOW_DATABASE_URL, else a throwaway local cluster) | pglite',
        parseBenchEngine,
        'lancedb' as BenchEngine,
      )
      .option('--no-compare', 'with --engine postgres or pglite: skip the LanceDB run beside it')
      .option(
        '--text-search <path>',
        'PostgreSQL BM25: portable (postings table) | pg_textsearch',
        'portable',
      )
      .action(
        (
          directory: string,
          options: {
            mode: RetrievalMode;
            rerank: boolean;
            split: string;
            maxTokens?: number;
            queries?: number;
            engine: BenchEngine;
            compare: boolean;
            textSearch: TextSearchPath;
          },
        ) =>
          run(async (context) => {
            const workspace = await openWorkspace(context);
            const embedder = options.mode === 'bm25' ? undefined : await createEmbedder(workspace);
            const reranker = options.rerank ? await createReranker(workspace) : undefined;
            const engines: BenchEngine[] =
              options.engine !== 'lancedb' && options.compare
                ? ['lancedb', options.engine]
                : [options.engine];
            const runs: { engine: string; result: BeirBenchmarkResult }[] = [];
            for (const engine of engines) {
              const session = await startBenchEngine(engine, {
                textSearch: options.textSearch,
                info: (line) => context.info(line),
              });
              try {
                const result = await runBeirBenchmark({
                  directory,
                  split: options.split,
                  mode: options.mode,
                  ingest: workspace.config.ingest,
                  chunk: {
                    ...workspace.config.chunk,
                    ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
                  },
                  chunkDocument,
                  openStore: async (indexDirectory, model) =>
                    session.openStore({
                      directory: indexDirectory,
                      language: workspace.config.retrieve.language,
                      vectorDimensions: model ? await resolveEmbeddingDimensions(model) : null,
                      embeddingModel: model ? `${model.provider}:${model.modelId}` : null,
                    }),
                  ...(embedder ? { embedder } : {}),
                  ...(reranker ? { reranker } : {}),
                  ...(options.queries ? { limitQueries: options.queries } : {}),
                  progress: (label, total) =>
                    context.progress({
                      label: `${engine} ${label}`,
                      unit: label === 'ingest' ? 'docs' : 'queries',
                      ...(total ? { total } : {}),
                    }),
                });
                runs.push({ engine: `${engine}: ${session.description}`, result });
              } finally {
                await session.stop();
              }
            }
            const result = runs.at(-1)!.result;
            const isScifact =
              result.dataset.toLowerCase() === 'scifact' && options.mode === 'bm25' && !options.queries;
            const header = `BEIR ${result.dataset} · ${result.mode}${result.reranked ? ' + rerank' : ''} · ${result.documents} documents → ${result.chunks} chunks of ≤ ${options.maxTokens ?? workspace.config.chunk.maxTokens} tokens · ${result.queries} queries`;
            if (runs.length === 1) {
              const lines = [
                header,
                `engine         ${runs[0]!.engine}`,
                `nDCG@10        ${isScifact ? against(result.ndcgAt10, 0.679, 'higher') : result.ndcgAt10.toFixed(4)}`,
                `Recall@100     ${isScifact ? against(result.recallAt100, 0.925, 'higher') : result.recallAt100.toFixed(4)}`,
                `MRR@10         ${result.mrrAt10.toFixed(4)}`,
                `ingest+index   ${isScifact ? against(result.ingestSeconds, 3, 'lower', 2, ' s') : `${result.ingestSeconds.toFixed(2)} s`}`,
                `query p50      ${isScifact ? against(result.userQueryP50Ms, 5, 'lower', 2, ' ms') : `${result.userQueryP50Ms.toFixed(2)} ms`}  user query (k = 10 passages with text); p95 ${result.userQueryP95Ms.toFixed(2)} ms`,
                `ranking p50    ${result.queryP50Ms.toFixed(2)} ms  150 passages deep for Recall@100; p95 ${result.queryP95Ms.toFixed(2)} ms (${result.queriesPerSecond.toFixed(0)} queries/s)`,
                `peak RSS       ${result.peakRssMb.toFixed(0)} MB`,
                ...(result.failed ? [`failed docs    ${result.failed}`] : []),
              ];
              return { data: result, text: lines.join('\n') };
            }
            return {
              data: { runs },
              text: [header, ...compareBeirRuns(runs)].join('\n'),
            };
          }),
      );
    bench
      .command('scale')
      .description(
        'index at scale on a generated corpus: ingest rate, size, BM25 and hybrid latency with a group filter, 1/2/8 clients',
      )
      .option(
        '--engine <engines>',
        'lancedb | postgres | pglite, or several comma-separated (postgres: KNOWHOW_DATABASE_URL, else a throwaway local cluster)',
        (value: string) => collectList(value).map(parseBenchEngine),
      )
      .option('--chunks <sizes>', 'corpus sizes in chunks, comma-separated', (value: string) =>
        collectList(value).map((size) => parsePositiveInteger(size.replaceAll('_', ''), '--chunks')),
      )
      .option(
        '--dimensions <n>',
        'vector dimensions of the hash embedder for hybrid (0: BM25 only)',
        (value) => Number.parseInt(value, 10),
        768,
      )
      .option(
        '--queries <n>',
        'queries per measurement',
        (value) => parsePositiveInteger(value, '--queries'),
        200,
      )
      .option('--clients <list>', 'concurrent clients to measure', (value: string) =>
        collectList(value).map((count) => parsePositiveInteger(count, '--clients')),
      )
      .action(
        (options: {
          engine?: BenchEngine[];
          chunks?: number[];
          dimensions: number;
          queries: number;
          clients?: number[];
        }) =>
          run(async (context) => {
            const engines = options.engine ?? ['lancedb'];
            const sizes = options.chunks ?? [100_000];
            const clients = options.clients ?? [1, 2, 8];
            const runs: { engine: string; result: ScaleBenchmarkResult }[] = [];
            const lines: string[] = [];
            for (const engine of engines) {
              const session = await startBenchEngine(engine, {
                maxConnections: Math.max(...clients) * 2 + 2,
                serverSettings: scaleServerSettings,
                info: (line) => context.info(line),
              });
              try {
                for (const size of sizes) {
                  const directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-scale-'));
                  try {
                    const result = await runScaleBenchmark({
                      chunks: size,
                      dimensions: options.dimensions > 0 ? options.dimensions : null,
                      queries: options.queries,
                      clients,
                      openStore: (request) => session.openStore({ directory, ...request }),
                      progress: (label, total) =>
                        context.progress({
                          label: `${engine} ${size} ${label}`,
                          unit: label === 'load' ? 'docs' : 'queries',
                          ...(total ? { total } : {}),
                        }),
                    });
                    runs.push({ engine: `${engine}: ${session.description}`, result });
                    lines.push(...describeScaleRun(engine, session.description, result));
                  } finally {
                    await rm(directory, { recursive: true, force: true });
                  }
                }
              } finally {
                await session.stop();
              }
            }
            return { data: { runs }, text: lines.join('\n') };
          }),
      );
    bench
      .command('eval')
      .description('eval framework time: cases × 6 variants against a zero-latency model (bundled example)')
      .option('--cases <n>', 'number of cases', (value) => parsePositiveInteger(value, '--cases'), 100)
      .option(
        '--concurrency <n>',
        'rows in flight',
        (value) => parsePositiveInteger(value, '--concurrency'),
        4,
      )
      .action((options: { cases: number; concurrency: number }) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
          const result = await runEvalBenchmark({
            exampleDirectory: bundledExample,
            cases: options.cases,
            concurrency: options.concurrency,
            ingest: workspace.config.ingest,
            chunk: workspace.config.chunk,
            chunkDocument,
          });
          return {
            data: result,
            text: [
              `eval           ${result.cases} cases × ${result.variants} variants = ${result.rows} rows, zero-latency model`,
              `framework time ${against(result.seconds, 10, 'lower', 2, ' s')}`,
              `throughput     ${result.casesPerSecond.toFixed(1)} cases/s · ${result.rowsPerSecond.toFixed(0)} rows/s`,
              `overhead       ${result.overheadMsPerRow.toFixed(2)} ms per row (retrieval, prompt, checks, writing)`,
            ].join('\n'),
          };
        }),
      );
    bench
      .command('providers')
      .description('overhead of the shared provider layer over raw fetch (local HTTP server)')
      .option('--calls <n>', 'calls per round', (value) => parsePositiveInteger(value, '--calls'), 1000)
      .option(
        '--concurrency <n>',
        'calls in flight',
        (value) => parsePositiveInteger(value, '--concurrency'),
        8,
      )
      .action((options: { calls: number; concurrency: number }) =>
        run(async () => {
          const result = await measureProviderOverhead({
            calls: options.calls,
            concurrency: options.concurrency,
          });
          return {
            data: result,
            text: [
              `provider layer ${options.calls} calls × concurrency ${options.concurrency} against a local server`,
              `raw fetch      ${JSON.stringify(result.raw)}`,
              `wrapped        ${JSON.stringify(result.wrapped)}`,
              `overhead       ${against(result.overheadMs, 2, 'lower', 3, ' ms')} per call (latency difference ${result.overheadLatencyMs.toFixed(3)} ms)`,
            ].join('\n'),
          };
        }),
      );
    bench
      .command('serve')
      .description(
        'load test of `knowhow serve` from this process against a server child (loopback, extractive model)',
      )
      .option(
        '--seconds <n>',
        'seconds per endpoint',
        (value) => parsePositiveInteger(value, '--seconds'),
        20,
      )
      .option(
        '--connections <n>',
        'concurrent connections',
        (value) => parsePositiveInteger(value, '--connections'),
        10,
      )
      .action((options: { seconds: number; connections: number }) =>
        run(async (context) => {
          const result = await runServeBenchmark({
            seconds: options.seconds,
            connections: options.connections,
            documentsDirectory: path.join(bundledExample, 'docs'),
            onProgress: (line: string) => context.info(line),
          });
          const lines = [
            `serve load     ${result.documents} documents, ${result.chunks} chunks · ${options.connections} connections × ${options.seconds}s per endpoint`,
          ];
          for (const endpoint of result.endpoints) {
            lines.push(
              `${endpoint.endpoint.padEnd(24)} ${endpoint.requestsPerSecond.toFixed(0)} req/s · p50 ${endpoint.latencyP50Ms} ms · p99 ${endpoint.latencyP99Ms} ms · errors ${endpoint.errors} · timeouts ${endpoint.timeouts} · non-2xx ${endpoint.non2xx}`,
            );
          }
          lines.push(
            result.rss
              ? `server RSS     start ${result.rss.startMb.toFixed(0)} MB → end ${result.rss.endMb.toFixed(0)} MB (max ${result.rss.maxMb.toFixed(0)} MB, growth ${result.rss.growthMb.toFixed(0)} MB)`
              : 'server RSS     not measured (no /proc on this system)',
          );
          return { data: result, text: lines.join('\n') };
        }),
      );
    bench
      .command('ingest')
      .description('ingest throughput and memory on generated Markdown (streamed, batched)')
      .option(
        '--size-mb <n>',
        'megabytes of Markdown to generate',
        (value) => parsePositiveInteger(value, '--size-mb'),
        1024,
      )
      .option('--keep <dir>', 'generate into (and keep) this folder instead of a temporary one')
      .action((options: { sizeMb: number; keep?: string }) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
          const result = await runIngestBenchmark({
            sizeMegabytes: options.sizeMb,
            ingest: workspace.config.ingest,
            chunk: workspace.config.chunk,
            chunkDocument,
            ...(options.keep ? { directory: options.keep } : {}),
            progress: (label) => context.progress({ label, unit: label === 'generate' ? 'files' : 'docs' }),
          });
          return {
            data: result,
            text: [
              `generated      ${result.megabytes.toFixed(0)} MB in ${result.files} Markdown files (${result.generateSeconds.toFixed(1)} s)`,
              `ingested       ${result.documents} documents → ${result.chunks} chunks in ${result.ingestSeconds.toFixed(1)} s`,
              `throughput     ${result.megabytesPerSecond.toFixed(1)} MB/s`,
              `peak RSS       ${result.peakRssMb.toFixed(0)} MB  (bar < 1536 MB: ${result.peakRssMb < 1536 ? 'met' : 'NOT met'})`,
              `index on disk  ${(result.indexBytes / 1e6).toFixed(0)} MB`,
            ].join('\n'),
          };
        }),
      );
  },
};

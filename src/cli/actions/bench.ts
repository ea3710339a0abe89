import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeLanguage, type LanguageSetting } from '../../analyze/index.js';
import {
  type BeirBenchmarkResult,
  type BenchEngine,
  formatCrashRow,
  formatScaleTable,
  parseChunkSizes,
  parseDimensions,
  runBeirBenchmark,
  runCrashMatrix,
  runEvalBenchmark,
  runIngestBenchmark,
  runScaleBenchmark,
  runServeBenchmark,
  runServeIngestBenchmark,
  runWritersBenchmark,
  type ScaleBenchmarkResult,
  startBenchEngine,
} from '../../bench/index.js';
import type { RetrievalMode } from '../../core/types.js';
import { measureProviderOverhead } from '../../providers/shared/index.js';
import { openWorkspace, type Workspace } from '../../workspace/index.js';
import { bundledExample } from '../bundled-example.js';
import type { CommandContext, CommandResult } from '../output.js';

/** Benchmarks build their index in a folder of their own; the workspace gives engine, chunker and models. */
function workspaceOf(context: CommandContext): Promise<Workspace> {
  return openWorkspace({ cwd: context.cwd, ...(context.config ? { config: context.config } : {}) });
}

/** A figure beside its bar, so a reader sees at a glance what was met. */
function against(value: number, bar: number, better: 'higher' | 'lower', digits = 4, unit = ''): string {
  const met = better === 'higher' ? value >= bar : value <= bar;
  return `${value.toFixed(digits)}${unit}  (bar ${better === 'higher' ? '≥' : '≤'} ${bar}${unit}: ${met ? 'met' : 'NOT met'})`;
}

/** A difference with its sign, four decimals: +0.0021 / -0.0016. */
function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
}

/** Engines side by side, one column each, with the difference of the last from the first. */
export function compareBeirRuns(runs: { engine: string; result: BeirBenchmarkResult }[]): string[] {
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

export async function runBenchBeir(
  context: CommandContext,
  directory: string,
  options: {
    mode: RetrievalMode;
    rerank: boolean;
    split: string;
    maxTokens?: number;
    queries?: number;
    language?: LanguageSetting;
    peer?: 'lancedb';
    engine?: BenchEngine;
    compare?: boolean;
    textSearch?: 'portable' | 'pg_textsearch';
  },
): Promise<CommandResult> {
  const workspace = await workspaceOf(context);
  const embedder = options.mode === 'bm25' ? undefined : await workspace.embedder();
  const reranker = options.rerank ? await workspace.reranker() : undefined;
  const language = options.language ?? workspace.config.retrieve.language;
  const engine = options.engine ?? 'lancedb';
  // A server engine runs with LanceDB beside it, in this one run, unless --no-compare.
  const engines: BenchEngine[] =
    engine !== 'lancedb' && options.compare !== false ? ['lancedb', engine] : [engine];
  const runs: { engine: string; result: BeirBenchmarkResult }[] = [];
  for (const name of engines) {
    const session = await startBenchEngine(name, {
      ...(options.textSearch ? { textSearch: options.textSearch } : {}),
      info: (line) => context.info(line),
    });
    try {
      const result = await runBeirBenchmark({
        language,
        ...(options.peer ? { peer: options.peer } : {}),
        directory,
        split: options.split,
        mode: options.mode,
        ingest: workspace.config.ingest,
        chunk: workspace.chunker(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
        openStore: async (indexDirectory, model) => {
          const database = session.database();
          const store = await workspace.openIndexAt(indexDirectory, model, {
            language,
            engine: session.indexEngine,
            ...(database ? { database } : {}),
          });
          await session.describe(store);
          return store;
        },
        ...(embedder ? { embedder } : {}),
        ...(reranker ? { reranker } : {}),
        ...(options.queries ? { limitQueries: options.queries } : {}),
        progress: (label, total) =>
          context.progress({
            label: engines.length > 1 ? `${name} ${label}` : label,
            unit: label === 'ingest' ? 'docs' : 'queries',
            ...(total ? { total } : {}),
          }),
      });
      runs.push({ engine: `${name}: ${session.description}`, result });
    } finally {
      await session.stop();
    }
  }
  const result = runs.at(-1)!.result;
  const header = `BEIR ${result.dataset} · ${result.mode}${result.reranked ? ' + rerank' : ''} · ${result.documents} documents → ${result.chunks} chunks of ≤ ${options.maxTokens ?? workspace.chunkOptions.maxTokens} tokens · ${result.queries} queries`;
  if (runs.length > 1) {
    return { data: { runs }, text: [header, ...compareBeirRuns(runs)].join('\n') };
  }
  const isScifact = result.dataset.toLowerCase() === 'scifact' && options.mode === 'bm25' && !options.queries;
  const lines = [
    header,
    ...(engine === 'lancedb' ? [] : [`engine         ${runs[0]!.engine}`]),
    `nDCG@10        ${isScifact ? against(result.ndcgAt10, 0.679, 'higher') : result.ndcgAt10.toFixed(4)}`,
    `Recall@100     ${isScifact ? against(result.recallAt100, 0.925, 'higher') : result.recallAt100.toFixed(4)}`,
    `MRR@10         ${result.mrrAt10.toFixed(4)}`,
    `ingest+index   ${isScifact ? against(result.ingestSeconds, 3, 'lower', 2, ' s') : `${result.ingestSeconds.toFixed(2)} s`}`,
    `query p50      ${isScifact ? against(result.userQueryP50Ms, 5, 'lower', 2, ' ms') : `${result.userQueryP50Ms.toFixed(2)} ms`}  user query (k = 10 passages with text); p95 ${result.userQueryP95Ms.toFixed(2)} ms`,
    `ranking p50    ${result.queryP50Ms.toFixed(2)} ms  150 passages deep for Recall@100; p95 ${result.queryP95Ms.toFixed(2)} ms (${result.queriesPerSecond.toFixed(0)} queries/s)`,
    `peak RSS       ${result.peakRssMb.toFixed(0)} MB`,
    `analyzer       ${describeLanguage(result.language)}`,
    ...(Object.keys(result.documentLanguages).length
      ? [
          `languages      ${Object.entries(result.documentLanguages)
            .map(([name, count]) => `${name} ${count}`)
            .join(' · ')}`,
        ]
      : []),
    ...(result.failed ? [`failed docs    ${result.failed}`] : []),
    ...(result.peer
      ? [
          '',
          'side by side   nDCG@10  Recall@100',
          `knowhow        ${result.ndcgAt10.toFixed(4)}   ${result.recallAt100.toFixed(4)}   ${result.language}`,
          `LanceDB FTS    ${result.peer.ndcgAt10.toFixed(4)}   ${result.peer.recallAt100.toFixed(4)}   ${result.peer.analyzer} (${result.peer.language}), whole documents`,
          `difference     ${signed(result.ndcgAt10 - result.peer.ndcgAt10)}   ${signed(result.recallAt100 - result.peer.recallAt100)}`,
          ...(result.peerOnChunks
            ? [
                `LanceDB FTS    ${result.peerOnChunks.ndcgAt10.toFixed(4)}   ${result.peerOnChunks.recallAt100.toFixed(4)}   the same analyzer over knowhow's ${result.chunks} chunks`,
                `difference     ${signed(result.ndcgAt10 - result.peerOnChunks.ndcgAt10)}   ${signed(result.recallAt100 - result.peerOnChunks.recallAt100)}   (analyzers alone, same passages)`,
              ]
            : []),
        ]
      : []),
  ];
  return { data: result, text: lines.join('\n') };
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

export async function runBenchScale(
  context: CommandContext,
  options: {
    engine?: BenchEngine[];
    chunks?: string;
    dimensions: string;
    queries: number;
    clients?: number[];
    efSearch?: number;
  },
): Promise<CommandResult> {
  const engines = options.engine ?? ['lancedb'];
  const sizes = parseChunkSizes(options.chunks ?? '100k');
  const clients = options.clients ?? [1];
  const dimensions = parseDimensions(options.dimensions);
  const runs: { engine: string; result: ScaleBenchmarkResult }[] = [];
  const lines: string[] = [];
  for (const engine of engines) {
    const session = await startBenchEngine(engine, {
      maxConnections: Math.max(...clients) * 2 + 2,
      ...(options.efSearch ? { efSearch: options.efSearch } : {}),
      serverSettings: scaleServerSettings,
      info: (line) => context.info(line),
    });
    const results: ScaleBenchmarkResult[] = [];
    try {
      for (const size of sizes) {
        const directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-scale-'));
        try {
          const result = await runScaleBenchmark({
            chunks: size,
            dimensions,
            queries: options.queries,
            clients,
            store: { indexEngine: session.indexEngine, directory, database: session.database() },
            onOpen: (store) => session.describe(store),
            progress: (label, total) =>
              context.progress({
                label: `${engine} ${size} ${label}`,
                unit: label === 'queries' ? 'queries' : label === 'exact scan' ? 'chunks' : 'docs',
                ...(total ? { total } : {}),
              }),
          });
          results.push(result);
          runs.push({ engine: `${engine}: ${session.description}`, result });
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      }
    } finally {
      await session.stop();
    }
    const vectors = dimensions
      ? `${dimensions}-d hash vectors`
      : 'no vectors (BM25 only; --dimensions 768 adds dense, hybrid and recall)';
    lines.push(...formatScaleTable(`scale · ${engine}: ${session.description} · ${vectors}`, results), '');
  }
  return { data: { runs }, text: lines.join('\n').trimEnd() };
}

export async function runBenchEval(
  context: CommandContext,
  options: { cases: number; concurrency: number },
): Promise<CommandResult> {
  const workspace = await workspaceOf(context);
  const result = await runEvalBenchmark({
    exampleDirectory: bundledExample,
    cases: options.cases,
    concurrency: options.concurrency,
    ingest: workspace.config.ingest,
    chunk: workspace.chunk,
    openStore: (indexDirectory) => workspace.openIndexAt(indexDirectory),
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
}

export async function runBenchProviders(
  _context: CommandContext,
  options: { calls: number; concurrency: number },
): Promise<CommandResult> {
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
}

export async function runBenchServe(
  context: CommandContext,
  options: { seconds: number; connections: number },
): Promise<CommandResult> {
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
}

export async function runBenchIngest(
  context: CommandContext,
  options: { sizeMb: number; keep?: string },
): Promise<CommandResult> {
  const workspace = await workspaceOf(context);
  const result = await runIngestBenchmark({
    sizeMegabytes: options.sizeMb,
    ingest: workspace.config.ingest,
    chunk: workspace.chunk,
    openStore: (indexDirectory) => workspace.openIndexAt(indexDirectory),
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
}

export async function runBenchServeIngest(
  context: CommandContext,
  options: {
    uploads: number;
    records: number;
    searchers: number;
    warmUp?: number;
    writer?: 'process' | 'server';
  },
): Promise<CommandResult> {
  const result = await runServeIngestBenchmark({
    writer: options.writer ?? 'process',
    uploads: options.uploads,
    records: options.records,
    searchers: options.searchers,
    ...(options.warmUp === undefined ? {} : { warmUpSearches: options.warmUp }),
    documentsDirectory: path.join(bundledExample, 'docs'),
    onProgress: (line: string) => context.info(line),
  });
  const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const lines = [
    `serve-ingest   ${result.uploads} uploads × ${result.recordsPerUpload} records, ${result.searchers} searchers · ${result.chunks} chunks at the end (${result.seconds.toFixed(0)} s)`,
    `disk           ${megabytes(result.diskBytes)} = ${result.bytesPerChunk.toFixed(0)} bytes/chunk; fresh build of the same ${result.freshBuildChunks} chunks ${megabytes(result.freshBuildBytes)} = ${result.freshBytesPerChunk.toFixed(0)} bytes/chunk`,
    `disk ratio     ${against(result.diskRatio, 2, 'lower', 2, '×')} right after the last upload`,
    `               ${against(result.diskRatioAfterIdle, 2, 'lower', 2, '×')} after the server's idle maintenance (${megabytes(result.diskBytesAfterIdle)})`,
    result.rss
      ? [
          `server RSS     ${result.rss.afterStartMb.toFixed(0)} MB after start → ${result.rss.afterWarmUpMb.toFixed(0)} MB after warm-up (${result.warmUp.searches} searches, ${result.warmUp.seconds.toFixed(1)} s) → ${result.rss.afterMb.toFixed(0)} MB after the uploads (max ${result.rss.maxMb.toFixed(0)} MB, ${result.rss.afterIdleMb.toFixed(0)} MB after idle maintenance) · allocator: ${result.allocator ?? 'unknown'}`,
          `RSS growth     ${against(result.rss.growthMb, 50, 'lower', 0, ' MB')} from the warm-up reading; ${result.rss.growthSinceStartMb.toFixed(0)} MB from the start reading (as earlier runs measured it)`,
          result.writer === 'process'
            ? `writer         a child process: max ${result.rss.writerMaxMb === null ? 'not seen' : `${result.rss.writerMaxMb.toFixed(0)} MB`} while uploads ran, ${result.rss.writerAfterIdleMb === null ? 'ended' : `${result.rss.writerAfterIdleMb.toFixed(0)} MB still running`} after idle maintenance`
            : 'writer         the server itself (serve.writer: server)',
        ].join('\n')
      : 'server RSS     not measured (no /proc on this system)',
    `upload         p50 ${result.uploadMs.p50.toFixed(0)} ms · p99 ${result.uploadMs.p99.toFixed(0)} ms · max ${against(result.uploadMs.max, 2000, 'lower', 0, ' ms')} · failed ${result.uploadMs.failed} · slowest ${result.uploadMs.slowest.map((entry) => `#${entry.upload} ${entry.ms} ms`).join(', ')}`,
    `search         ${result.searches.total} during the uploads · p50 ${result.searches.p50Ms.toFixed(1)} ms · p99 ${result.searches.p99Ms.toFixed(1)} ms · errors ${against(result.searches.errors, 0, 'lower', 0)}`,
  ];
  return { data: result, text: lines.join('\n') };
}

export async function runBenchWriters(
  context: CommandContext,
  options: { trials: number; documents: number; writers: number },
): Promise<CommandResult> {
  const result = await runWritersBenchmark({ ...options, onProgress: (line) => context.info(line) });
  const lines = [
    `writers        ${result.trials.length} trials × ${result.writers} concurrent ingests of ${result.documents} documents, then ${result.writers} concurrent ingest --prune after changes and deletions`,
    ...result.trials.map(
      (trial) =>
        `trial ${String(trial.trial).padStart(2)}       exit ${trial.exitCodes.join(',')} · ${trial.waited} waited · ${trial.duplicates} duplicates, ${trial.lost} lost, ${trial.ghosts} ghosts (${trial.seconds.toFixed(1)} s)`,
    ),
    `total          ${result.duplicates} duplicates, ${result.lost} lost, ${result.ghosts} ghosts, ${result.failedProcesses} failed processes`,
  ];
  return { data: result, text: lines.join('\n') };
}

export async function runBenchCrashes(context: CommandContext): Promise<CommandResult> {
  const rows = await runCrashMatrix({ onProgress: (line) => context.info(line) });
  const bad = rows.filter(
    (row) =>
      row.crashed !== row.expectedCrashes ||
      row.finalExit !== 0 ||
      row.duplicates + row.ghosts + row.lost > 0,
  );
  const lines = [
    `crash matrix   ${rows.length} scenarios: each commit point × single crash, crashes in a row, crash then delete files and prune`,
    ...rows.map(formatCrashRow),
    `total          ${rows.reduce((sum, row) => sum + row.duplicates, 0)} duplicates, ${rows.reduce((sum, row) => sum + row.ghosts, 0)} ghosts, ${rows.reduce((sum, row) => sum + row.lost, 0)} lost · ${bad.length} scenario(s) failing`,
  ];
  return { data: rows, text: lines.join('\n') };
}

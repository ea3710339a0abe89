import { type BenchEngine, parseBenchEngine } from '../../core/bench-engine-names.js';
import { KnowhowError } from '../../core/errors.js';
import { type LanguageSetting, languageSettingNames, parseLanguageSetting } from '../../core/languages.js';
import type { RetrievalMode } from '../../core/types.js';
import type { CommandSpec } from '../main.js';
import { collectList, parseChoice, parseNonNegativeInteger, parsePositiveInteger } from '../parse-options.js';

function parseLanguageOption(value: string): LanguageSetting {
  const setting = parseLanguageSetting(value);
  if (setting === undefined) {
    throw new KnowhowError('USAGE', `--language ${value} is not a language knowhow analyzes.`, {
      hint: `Allowed: ${languageSettingNames.join(', ')}.`,
    });
  }
  return setting;
}

function parseTextSearch(value: string): 'portable' | 'pg_textsearch' {
  if (value !== 'portable' && value !== 'pg_textsearch') {
    throw new KnowhowError('USAGE', `--text-search ${value} is not a BM25 path.`, {
      hint: 'Allowed: portable, pg_textsearch.',
    });
  }
  return value;
}

function parsePeer(value: string): 'lancedb' {
  if (value !== 'lancedb') {
    throw new KnowhowError('USAGE', `--peer ${value} is not a peer this benchmark runs.`, {
      hint: 'Allowed: lancedb.',
    });
  }
  return value;
}

export const benchCommand: CommandSpec = {
  name: 'bench',
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
        '--language <name>',
        'analyzer language instead of retrieve.language (a name, an ISO code, none or auto)',
        parseLanguageOption,
      )
      .option(
        '--peer <engine>',
        'also run raw LanceDB full-text search with its own analyzer for the language (lancedb)',
        parsePeer,
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
        parseTextSearch,
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
            language?: LanguageSetting;
            peer?: 'lancedb';
            engine: BenchEngine;
            compare: boolean;
            textSearch?: 'portable' | 'pg_textsearch';
          },
        ) =>
          run(async (context) =>
            (await import('../actions/bench.js')).runBenchBeir(context, directory, options),
          ),
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
      .option('--chunks <sizes>', 'corpus sizes in chunks, comma-separated (10000,100k,1M; default 100k)')
      .option(
        '--dimensions <n>',
        'vector dimensions of the hash embedder for dense, hybrid and ANN recall (0 or absent: BM25 only)',
        '0',
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
      .option(
        '--ef-search <n>',
        "postgres: pgvector's HNSW candidate list per query (index.efSearch; default 400)",
        (value) => parsePositiveInteger(value, '--ef-search'),
      )
      .action(
        (options: {
          engine?: BenchEngine[];
          chunks?: string;
          dimensions: string;
          queries: number;
          clients?: number[];
          efSearch?: number;
        }) => run(async (context) => (await import('../actions/bench.js')).runBenchScale(context, options)),
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
        run(async (context) => (await import('../actions/bench.js')).runBenchEval(context, options)),
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
        run(async (context) => (await import('../actions/bench.js')).runBenchProviders(context, options)),
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
        run(async (context) => (await import('../actions/bench.js')).runBenchServe(context, options)),
      );
    bench
      .command('serve-ingest')
      .description(
        'small POST /v1/ingest uploads to a server child while clients search: disk, memory, latency',
      )
      .option(
        '--uploads <n>',
        'uploads, one after another',
        (value) => parsePositiveInteger(value, '--uploads'),
        200,
      )
      .option(
        '--records <n>',
        'JSON records per upload',
        (value) => parsePositiveInteger(value, '--records'),
        20,
      )
      .option(
        '--searchers <n>',
        'clients searching without pause during the uploads',
        (value) => parsePositiveInteger(value, '--searchers'),
        4,
      )
      .option(
        '--warm-up <searches>',
        'searches at the same concurrency before the "before" RSS reading (default 2000 or 20 s; 0: none)',
        (value) => parseNonNegativeInteger(value, '--warm-up'),
      )
      .option(
        '--writer <where>',
        'where the server writes the index from: process (a child that ends when uploads pause) or server (serve.writer)',
        (value) => parseChoice(value, '--writer', ['process', 'server'] as const),
        'process',
      )
      .action(
        (options: {
          uploads: number;
          records: number;
          searchers: number;
          warmUp?: number;
          writer: 'process' | 'server';
        }) =>
          run(async (context) => (await import('../actions/bench.js')).runBenchServeIngest(context, options)),
      );
    bench
      .command('writers')
      .description(
        'concurrent `knowhow ingest` processes on one index, audited for duplicates and lost documents',
      )
      .option('--trials <n>', 'trials', (value) => parsePositiveInteger(value, '--trials'), 20)
      .option('--documents <n>', 'Markdown files', (value) => parsePositiveInteger(value, '--documents'), 300)
      .option(
        '--writers <n>',
        'processes started at once',
        (value) => parsePositiveInteger(value, '--writers'),
        2,
      )
      .action((options: { trials: number; documents: number; writers: number }) =>
        run(async (context) => (await import('../actions/bench.js')).runBenchWriters(context, options)),
      );
    bench
      .command('crashes')
      .description(
        'every index commit point × crash scenarios (SIGKILL at the point), audited against the files',
      )
      .action(() => run(async (context) => (await import('../actions/bench.js')).runBenchCrashes(context)));
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
        run(async (context) => (await import('../actions/bench.js')).runBenchIngest(context, options)),
      );
  },
};

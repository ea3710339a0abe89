import type { LatencyFigures, ScaleBenchmarkResult } from './run-scale-benchmark.js';

/** Columns right-aligned under their headers, two spaces apart. */
export function formatColumns(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
  return [line(headers), ...rows.map(line)];
}

const integer = (value: number) => Math.round(value).toLocaleString('en');
const seconds = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} s`;
const gigabytes = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
const milliseconds = (figures: LatencyFigures | undefined) =>
  figures ? `${figures.p50Ms.toFixed(1)} / ${figures.p95Ms.toFixed(1)}` : '—';

/**
 * The index less its float32 vectors (4 bytes a dimension a chunk, stored once, uncompressed), ×
 * the text: a 768-dimensional vector is 3,072 bytes against ~770 of passage text here, so with
 * vectors the ratio says more about the embedding than about what knowhow stores beside it.
 */
function besidesVectors(result: ScaleBenchmarkResult): string {
  if (!result.dimensions) return '—';
  const vectorBytes = result.chunks * result.dimensions * 4;
  return `${((result.indexBytes - vectorBytes) / Math.max(1, result.load.textBytes)).toFixed(2)}×`;
}

/** Queries after the 1% change, the fold a server makes of it once idle, and queries after that. */
function afterChangeBlock(results: ScaleBenchmarkResult[]): string[] {
  const rows = results.flatMap((result) =>
    result.afterChange ? [{ chunks: result.chunks, after: result.afterChange }] : [],
  );
  if (rows.length === 0) return [];
  const find = (latencies: LatencyFigures[], mode: LatencyFigures['mode']) =>
    latencies.find((figures) => figures.mode === mode);
  return [
    '',
    ...formatColumns(
      [
        'chunks',
        'after 1%: outside indexes',
        'BM25 g1',
        'hybrid g1',
        'fold: time',
        'peak RSS',
        'after fold: BM25 g1',
        'hybrid g1',
      ],
      rows.map(({ chunks, after }) => {
        return [
          integer(chunks),
          integer(after.unindexedRows),
          milliseconds(find(after.before, 'bm25')),
          milliseconds(find(after.before, 'hybrid')),
          seconds(after.fold.seconds),
          gigabytes(after.fold.peakRssBytes),
          milliseconds(find(after.after, 'bm25')),
          milliseconds(find(after.after, 'hybrid')),
        ];
      }),
    ),
  ];
}

/**
 * The issue's table, one row per corpus size, in three blocks (writing, querying, re-ingesting)
 * so that it fits a terminal; the latencies are of the first client count measured.
 */
export function formatScaleTable(title: string, results: ScaleBenchmarkResult[]): string[] {
  const latency = (result: ScaleBenchmarkResult, mode: LatencyFigures['mode'], filtered: boolean) =>
    result.latencies.find((figures) => figures.mode === mode && figures.filtered === filtered);
  const clients = results[0]?.latencies[0]?.clients ?? 1;
  const reingest = (figures: ScaleBenchmarkResult['reingestChanged']) => [
    seconds(figures.seconds),
    seconds(figures.generateSeconds),
    seconds(figures.embedSeconds),
    gigabytes(figures.peakRssBytes),
    integer(figures.chunksWritten),
  ];
  const extraClients = results.flatMap((result) =>
    result.latencies
      .filter((figures) => figures.clients !== clients)
      .map(
        (figures) =>
          `${integer(result.chunks)} chunks · ${figures.mode}${figures.filtered ? ' g1' : ''} · ${figures.clients} clients: p50 ${figures.p50Ms.toFixed(1)} ms · p95 ${figures.p95Ms.toFixed(1)} ms · ${figures.queriesPerSecond.toFixed(1)} queries/s`,
      ),
  );
  const leaks = results.reduce((sum, result) => sum + result.leaks, 0);
  return [
    title,
    '',
    ...formatColumns(
      [
        'chunks',
        'ingest',
        'chunks/s',
        'peak RSS',
        'of which optimize',
        'generating',
        'embedding',
        'index on disk',
        'bytes/chunk',
        '× text',
        'besides vectors',
      ],
      results.map((result) => [
        integer(result.chunks),
        seconds(result.load.seconds),
        integer(result.chunks / Math.max(result.load.seconds, 1e-9)),
        gigabytes(result.load.peakRssBytes),
        seconds(result.load.optimizeSeconds),
        seconds(result.load.generateSeconds),
        seconds(result.load.embedSeconds),
        megabytes(result.indexBytes),
        integer(result.indexBytes / Math.max(1, result.chunks)),
        (result.indexBytes / Math.max(1, result.load.textBytes)).toFixed(2),
        besidesVectors(result),
      ]),
    ),
    '',
    ...formatColumns(
      ['chunks', 'BM25 p50 / p95 ms', 'BM25 g1', 'dense g1', 'hybrid g1', 'recall@10', 'answered'],
      results.map((result) => [
        integer(result.chunks),
        milliseconds(latency(result, 'bm25', false)),
        milliseconds(latency(result, 'bm25', true)),
        milliseconds(latency(result, 'dense', true)),
        milliseconds(latency(result, 'hybrid', true)),
        result.recallAt10 === null ? '—' : result.recallAt10.toFixed(3),
        `${((latency(result, 'bm25', true)?.answered ?? 0) * 100).toFixed(0)}%`,
      ]),
    ),
    '',
    ...formatColumns(
      [
        'chunks',
        'unchanged: time',
        'generating',
        'embedding',
        'peak RSS',
        'rows',
        '1% changed: time',
        'generating',
        'embedding',
        'peak RSS',
        'rows',
      ],
      results.map((result) => [
        integer(result.chunks),
        ...reingest(result.reingestUnchanged),
        ...reingest(result.reingestChanged),
      ]),
    ),
    ...afterChangeBlock(results),
    ...(extraClients.length > 0 ? ['', ...extraClients] : []),
    '',
    `${clients} client${clients === 1 ? '' : 's'}, k = 10; outside indexes: rows every query scanned after the 1% change until a fold (a write folds once enough was written to pay for rewriting the indexes; a running server folds sooner, when idle: the fold columns); g1: a reader of group g1 (65% of the corpus), the filter inside the query; recall@10: dense g1 against an exact scan of the same passages (100 queries); peak RSS: the maxRSS of the process that wrote (a server engine's own memory is not in it); rows: chunk rows written; generating and embedding: the writer's time making the corpus (the stand-in for reading files) and hash-embedding it (for a model), part of ingest; besides vectors: the index less its float32 vectors (chunks × dimensions × 4 bytes), × the text`,
    `access: ${leaks === 0 ? "no passage outside the reader's groups" : `${leaks} LEAKED passages`}`,
  ];
}

/**
 * bench — the figures `knowhow bench …` prints: retrieval quality on BEIR (with LanceDB's own
 * full-text search side by side), eval and ingest throughput, the server under load, concurrent
 * writers and the crash matrix. Every benchmark builds its workspace through src/workspace like a
 * user would; it must not reach into a stage's internals or change what it measures.
 */

export type { BenchEngine } from '../core/bench-engine-names.js';
export { startBenchEngine } from './bench-engines.js';
export {
  type BeirBenchmarkOptions,
  type BeirBenchmarkResult,
  runBeirBenchmark,
} from './run-beir-benchmark.js';
export {
  type CrashMatrixOptions,
  type CrashMatrixRow,
  formatCrashRow,
  runCrashMatrix,
} from './run-crash-matrix.js';
export {
  type EvalBenchmarkOptions,
  type EvalBenchmarkResult,
  runEvalBenchmark,
} from './run-eval-benchmark.js';
export {
  type IngestBenchmarkOptions,
  type IngestBenchmarkResult,
  runIngestBenchmark,
} from './run-ingest-benchmark.js';
export {
  runServeBenchmark,
  type ServeBenchmarkOptions,
  type ServeBenchmarkResult,
} from './run-serve-benchmark.js';
export {
  runServeIngestBenchmark,
  type ServeIngestBenchmarkOptions,
  type ServeIngestBenchmarkResult,
} from './run-serve-ingest-benchmark.js';
export {
  runWritersBenchmark,
  type WritersBenchmarkOptions,
  type WritersBenchmarkResult,
} from './run-writers-benchmark.js';
export { formatScaleTable } from './scale/format-scale-table.js';
export { runScaleBenchmark, type ScaleBenchmarkResult } from './scale/run-scale-benchmark.js';
export { parseChunkSizes, parseDimensions } from './scale/scale-options.js';

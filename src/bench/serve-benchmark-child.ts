/**
 * The server side of the serve benchmark, run as its own process (`node dist/bench/serve-benchmark-child.js
 * <index-dir> <data-dir>`) so that the load generator never shares its event loop or heap. It serves an
 * existing index with the extractive model on a free loopback port, prints `{"url": …}` on one line,
 * and shuts down gracefully on SIGTERM. Never imported: running it is its only purpose.
 */
import path from 'node:path';
import { chunkDocument } from '../chunk/index.js';
import { configSchema } from '../core/config/schema.js';
import { LanceIndexStore } from '../index/index.js';
import { createExtractiveLanguageModel } from '../providers/extractive/index.js';
import { createServeApp, startServer } from '../serve/index.js';

const [indexDirectory, dataDirectory] = process.argv.slice(2);
if (!indexDirectory || !dataDirectory) {
  process.stderr.write('usage: serve-benchmark-child <index-dir> <data-dir>\n');
  process.exit(2);
}

// A load test measures the server, not the rate limiter: allow far more than it can send.
const config = configSchema.parse({
  serve: { rateLimitPerMinute: 100_000_000, requestTimeoutMs: 60_000 },
  chunk: { maxTokens: 300, overlapTokens: 30 },
});
const store = await LanceIndexStore.open({ directory: indexDirectory });
const app = createServeApp({
  store,
  models: { answer: createExtractiveLanguageModel() },
  config,
  dataDirectory,
  runsDirectory: path.join(dataDirectory, 'runs'),
  feedbackFile: path.join(dataDirectory, 'feedback.jsonl'),
  keys: [],
  chunk: (document) => chunkDocument(document, config.chunk),
});
const server = await startServer({ app, host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);

const stop = async () => {
  await server.close({ graceMs: 5_000 });
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());

import path from 'node:path';
import { configSchema } from '../core/config/schema.js';
import { createWorkspace, type Workspace } from '../workspace/index.js';

/**
 * The serve benchmark's own workspace in a temporary folder — the same one in the indexing
 * parent and in the server child, so both cut and store documents the same way. A load test
 * measures the server, not the rate limiter: the limit is far above what it can send.
 */
export function createServeBenchmarkWorkspace(
  root: string,
  options: { ingest?: Record<string, unknown>; serve?: Record<string, unknown> } = {},
): Workspace {
  const config = configSchema.parse({
    serve: { rateLimitPerMinute: 100_000_000, requestTimeoutMs: 60_000, ...options.serve },
    chunk: { maxTokens: 300, overlapTokens: 30 },
    models: { cache: false },
    ...(options.ingest ? { ingest: options.ingest } : {}),
  });
  return createWorkspace({ config, root, file: null, dataDir: path.join(root, '.knowhow') });
}

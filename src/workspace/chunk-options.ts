import type { ChunkOptions } from '../chunk/index.js';
import type { ChunkConfig } from '../core/config/schema.js';

export type { ChunkOptions };

/**
 * The chunker's options from knowhow.yaml's `chunk:` section — read here and nowhere else, so
 * ingest, the server's uploads, the demo and the benchmarks cut documents the same way (they
 * used to copy the fields one by one, and a new field would have reached only some of them).
 */
export function chunkOptionsFor(chunk: ChunkConfig): ChunkOptions {
  return { ...chunk };
}

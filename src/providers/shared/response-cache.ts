import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Stores model responses by request. A cache is an optimisation: a read that fails is a miss
 * and a write that fails is dropped, so a broken cache never fails a call.
 */
export interface ResponseCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export type CacheKind = 'language' | 'embedding' | 'rerank';

export interface CacheKeyInput {
  provider: string;
  model: string;
  /** Base URL: the same model name on two servers is two models. */
  endpoint?: string | undefined;
  kind: CacheKind;
  /** The whole request. Its `signal` is left out; API keys and headers are never passed in. */
  request: object;
}

/** Bumped when the stored value's shape changes, so old entries stop matching instead of misreading. */
const cacheFormat = 1;

function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalize(item)));
  if (typeof value === 'object' && value !== null) {
    if (value instanceof AbortSignal) return undefined;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = canonicalize((value as Record<string, unknown>)[key]);
      if (item !== undefined && typeof item !== 'function') sorted[key] = item;
    }
    return sorted;
  }
  return typeof value === 'function' ? undefined : value;
}

/** sha256 over a canonical JSON (sorted keys, no undefined) of who is asked and the whole request. */
export function computeCacheKey(input: CacheKeyInput): string {
  const { signal: _signal, ...request } = input.request as { signal?: unknown };
  const canonical = JSON.stringify(
    canonicalize({
      format: cacheFormat,
      provider: input.provider,
      model: input.model,
      endpoint: input.endpoint ?? null,
      kind: input.kind,
      request,
    }),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

export function createMemoryResponseCache(): ResponseCache & { readonly size: number; clear(): void } {
  const entries = new Map<string, string>();
  return {
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
    async get(key) {
      const stored = entries.get(key);
      // Stored as JSON so that a caller mutating a result cannot change the cached copy.
      return stored === undefined ? undefined : (JSON.parse(stored) as unknown);
    },
    async set(key, value) {
      entries.set(key, JSON.stringify(value));
    },
  };
}

interface StoredEntry {
  key: string;
  storedAt: string;
  value: unknown;
}

/**
 * One JSON file per key under a two-character fan-out (`ab/abcd….json`), written to a temporary
 * name and renamed, so a reader never sees half a file even when two processes write at once.
 */
export function createDiskResponseCache(options: {
  directory: string;
}): ResponseCache & { readonly directory: string } {
  const { directory } = options;
  const fileFor = (key: string) => path.join(directory, key.slice(0, 2), `${key}.json`);
  return {
    directory,
    async get(key) {
      let text: string;
      try {
        text = await readFile(fileFor(key), 'utf8');
      } catch {
        return undefined;
      }
      try {
        const entry = JSON.parse(text) as StoredEntry;
        return entry.key === key ? entry.value : undefined;
      } catch {
        // A corrupt entry (disk full, manual edit) is dropped so that the next call rewrites it.
        await rm(fileFor(key), { force: true }).catch(() => {});
        return undefined;
      }
    },
    async set(key, value) {
      const file = fileFor(key);
      const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      const entry: StoredEntry = { key, storedAt: new Date().toISOString(), value };
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(temporary, JSON.stringify(entry));
        await rename(temporary, file);
      } catch {
        await rm(temporary, { force: true }).catch(() => {});
      }
    },
  };
}

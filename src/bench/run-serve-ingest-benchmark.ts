import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnowhowError } from '../core/errors.js';
import { createRandom } from './run-ingest-benchmark.js';
import { createServeBenchmarkWorkspace } from './serve-benchmark-workspace.js';
import {
  readAllocator,
  readChildrenRssMb,
  readRssMb,
  startServerChild,
  stopServerChild,
} from './serve-child-process.js';

/**
 * What many small API writes cost a running server: `uploads` POST /v1/ingest requests of
 * `records` JSON records each, one after another, while `searchers` clients search without pause.
 * The server runs in a child process (dist/bench/serve-benchmark-child.js, `npm run build` first)
 * over an index seeded with the bundled example's documents. Afterwards the same chunks are built
 * fresh into another folder, so that the live index's bytes on disk have something to be judged by.
 */

export interface ServeIngestBenchmarkOptions {
  /** Where the server writes the index from (serve.writer; default process). */
  writer?: 'process' | 'server';
  uploads: number;
  records: number;
  searchers: number;
  /**
   * Searches run at the measured concurrency before the "before" RSS reading (default
   * WARM_UP_SEARCHES; 0: none), so that the growth measured is the uploads', not the search
   * path's first allocations.
   */
  warmUpSearches?: number;
  /** Documents the index holds before the uploads (default: the bundled examples/helpdesk/docs). */
  documentsDirectory?: string;
  distDirectory?: string;
  onProgress?: (line: string) => void;
}

export interface ServeIngestBenchmarkResult {
  writer: 'process' | 'server';
  uploads: number;
  recordsPerUpload: number;
  searchers: number;
  chunks: number;
  /** The live index right after the last upload. */
  diskBytes: number;
  /** The same once the server's idle maintenance has run (IDLE_WAIT_MS after the last upload). */
  diskBytesAfterIdle: number;
  diskRatioAfterIdle: number;
  /** The same chunks ingested at once into an empty folder. */
  freshBuildBytes: number;
  freshBuildChunks: number;
  bytesPerChunk: number;
  freshBytesPerChunk: number;
  diskRatio: number;
  rss: {
    /** After the server started and answered one search per query (the "before" of earlier runs). */
    afterStartMb: number;
    /** After the warm-up searches: the "before" the growth is measured from. */
    afterWarmUpMb: number;
    afterMb: number;
    maxMb: number;
    /** From the warm-up reading to the end of the uploads. */
    growthMb: number;
    /** From the start reading: the figure earlier runs reported as growth. */
    growthSinceStartMb: number;
    afterIdleMb: number;
    /** The writer child's largest RSS while the uploads ran (serve.writer: process), if one was seen. */
    writerMaxMb: number | null;
    /** The writer child's RSS after the idle wait: null once it has ended, as it should. */
    writerAfterIdleMb: number | null;
  } | null;
  /** The server's allocator (jemalloc when started with LD_PRELOAD=…libjemalloc.so.2); null without /proc. */
  allocator: string | null;
  warmUp: { searches: number; seconds: number };
  uploadMs: {
    p50: number;
    p99: number;
    max: number;
    failed: number;
    slowest: { upload: number; ms: number }[];
  };
  searches: { total: number; errors: number; p50Ms: number; p99Ms: number };
  seconds: number;
}

/**
 * The server compacts 15 s after the last write and reclaims what that replaced 15 s later
 * (create-serve-app.ts, index-maintenance.ts); 10 s more for both to finish.
 */
const IDLE_WAIT_MS = 40_000;

/**
 * The server's RSS grew 45-70 MB over its first few hundred searches (caches, JIT, LanceDB's
 * readers) whether or not anything was uploaded: an RSS reading taken after 6 searches charged
 * that to the uploads (600 warm-up searches, 2.2 s with 2 searchers, took it from 148 to 177 MB).
 * The warm-up stops at WARM_UP_SEARCHES or WARM_UP_MAX_MS, whichever comes first.
 */
const WARM_UP_SEARCHES = 2_000;
const WARM_UP_MAX_MS = 20_000;

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const words = (
  'refund invoice seat plan webhook retry token export audit region latency backup workspace member ' +
  'owner admin permission role integration import report dashboard filter storage restore policy ' +
  'password session device browser sync conflict timeout quota usage customer ticket priority schedule'
).split(' ');

const QUERIES = [
  'how do refunds work',
  'webhook retry policy',
  'export audit report',
  'seat plan pricing',
  'reset password session',
  'backup and restore storage',
];

/** One upload's records: about two chunks each at the benchmark's 300-token chunks. */
function generateRecords(random: () => number, upload: number, count: number) {
  const pick = () => words[Math.floor(random() * words.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const sentences = Array.from({ length: 30 }, () =>
      Array.from({ length: 10 + Math.floor(random() * 8) }, pick).join(' '),
    );
    return {
      id: `r${index}`,
      title: `Upload ${upload} note ${index}: ${pick()} ${pick()}`,
      text: `${sentences.join('. ')}.`,
    };
  });
}

async function directoryBytes(directory: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

/** `searchers` clients searching without pause until stopped; errors are counted, not thrown. */
function startSearchers(options: { url: string; searchers: number }) {
  let running = true;
  let errors = 0;
  const latencies: number[] = [];
  const search = async (offset: number) => {
    let turn = offset;
    while (running) {
      const query = QUERIES[turn++ % QUERIES.length]!;
      const began = performance.now();
      try {
        const response = await fetch(`${options.url}/v1/search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, k: 5 }),
        });
        await response.arrayBuffer();
        if (!response.ok) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - began);
    }
  };
  const clients = Array.from({ length: options.searchers }, (_, index) => search(index));
  return {
    latencies,
    errors: () => errors,
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}

export async function runServeIngestBenchmark(
  options: ServeIngestBenchmarkOptions,
): Promise<ServeIngestBenchmarkResult> {
  const started = performance.now();
  const log = options.onProgress ?? (() => {});
  const script = path.join(
    options.distDirectory ?? path.join(packageRoot, 'dist'),
    'bench',
    'serve-benchmark-child.js',
  );
  if (!existsSync(script)) {
    throw new KnowhowError(
      'USAGE',
      'The serve-ingest benchmark runs the built server, and it is not built.',
      {
        hint: 'Run `npm run build` in the knowhow checkout first.',
      },
    );
  }
  const directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-serve-ingest-bench-'));
  const writer = options.writer ?? 'process';
  const seeded = createServeBenchmarkWorkspace(directory);
  const indexDirectory = seeded.paths.index;
  const uploadsDirectory = path.join(directory, 'uploaded');
  const documents = options.documentsDirectory ?? path.join(packageRoot, 'examples', 'helpdesk', 'docs');
  let child: ChildProcess | undefined;
  try {
    log(`seeding the index with ${documents}`);
    try {
      await seeded.ingest({ paths: [documents], cwd: directory });
    } finally {
      await seeded.close();
    }
    await mkdir(uploadsDirectory, { recursive: true });

    const server = await startServerChild(script, directory, [writer]);
    child = server.child;
    const pid = child.pid!;
    const headers = { 'content-type': 'application/json' };
    for (const query of QUERIES) {
      const response = await fetch(`${server.url}/v1/search`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query }),
      });
      await response.arrayBuffer();
    }
    const rssAfterStart = await readRssMb(pid);
    const allocator = await readAllocator(pid);
    const warmUpSearches = options.warmUpSearches ?? WARM_UP_SEARCHES;
    const warmUpStarted = performance.now();
    const warmUp = startSearchers({ url: server.url, searchers: options.searchers });
    while (warmUp.latencies.length < warmUpSearches && performance.now() - warmUpStarted < WARM_UP_MAX_MS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await warmUp.stop();
    const warmUpSeconds = (performance.now() - warmUpStarted) / 1000;
    log(`warm-up: ${warmUp.latencies.length} searches in ${warmUpSeconds.toFixed(1)} s`);
    const rssSamples: number[] = [];
    const writerSamples: number[] = [];
    const rssAfterWarmUp = await readRssMb(pid);
    const sampler = setInterval(() => {
      void readRssMb(pid).then((value) => value !== null && rssSamples.push(value));
      void readChildrenRssMb(pid).then((values) => writerSamples.push(...values));
    }, 500);

    const searching = startSearchers({ url: server.url, searchers: options.searchers });

    log(`${options.uploads} uploads of ${options.records} records with ${options.searchers} searchers`);
    const random = createRandom(11);
    const uploadLatencies: number[] = [];
    let failedUploads = 0;
    try {
      for (let upload = 0; upload < options.uploads; upload++) {
        const file = `upload-${String(upload).padStart(4, '0')}.jsonl`;
        const records = generateRecords(random, upload, options.records);
        await writeFile(
          path.join(uploadsDirectory, file),
          `${records.map((record) => JSON.stringify(record)).join('\n')}\n`,
        );
        const began = performance.now();
        try {
          const response = await fetch(`${server.url}/v1/ingest`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ file, records }),
          });
          await response.arrayBuffer();
          if (!response.ok) failedUploads++;
        } catch {
          failedUploads++;
        }
        uploadLatencies.push(performance.now() - began);
        if ((upload + 1) % 50 === 0) log(`${upload + 1} uploads`);
      }
    } finally {
      await searching.stop();
      clearInterval(sampler);
    }
    const rssAfter = await readRssMb(pid);
    const diskBytes = await directoryBytes(indexDirectory);
    log(`waiting ${IDLE_WAIT_MS / 1000} s for the server's idle maintenance`);
    await new Promise((resolve) => setTimeout(resolve, IDLE_WAIT_MS));
    const diskBytesAfterIdle = await directoryBytes(indexDirectory);
    const rssAfterIdle = await readRssMb(pid);
    const writerAfterIdle = await readChildrenRssMb(pid);
    await stopServerChild(child);
    child = undefined;
    const live = createServeBenchmarkWorkspace(directory);
    const chunks = (await (await live.store()).stats()).chunks;
    await live.close();

    log('building the same chunks fresh');
    const fresh = createServeBenchmarkWorkspace(path.join(directory, 'fresh'), {
      ingest: { json: { id: 'id', text: 'text', title: 'title', groups: 'groups', metadata: [] } },
    });
    const freshDirectory = fresh.paths.index;
    let freshBuildChunks: number;
    try {
      await fresh.ingest({ paths: [documents], cwd: directory });
      await fresh.ingest({ paths: [uploadsDirectory], cwd: directory });
      freshBuildChunks = (await (await fresh.store()).stats()).chunks;
    } finally {
      await fresh.close();
    }
    const freshBuildBytes = await directoryBytes(freshDirectory);

    const uploadsSorted = [...uploadLatencies].sort((a, b) => a - b);
    const searchesSorted = [...searching.latencies].sort((a, b) => a - b);
    return {
      writer,
      uploads: options.uploads,
      recordsPerUpload: options.records,
      searchers: options.searchers,
      chunks,
      diskBytes,
      diskBytesAfterIdle,
      diskRatioAfterIdle: diskBytesAfterIdle / Math.max(freshBuildBytes, 1),
      freshBuildBytes,
      freshBuildChunks,
      bytesPerChunk: diskBytes / Math.max(chunks, 1),
      freshBytesPerChunk: freshBuildBytes / Math.max(freshBuildChunks, 1),
      diskRatio: diskBytes / Math.max(freshBuildBytes, 1),
      rss:
        rssAfterStart === null || rssAfterWarmUp === null || rssAfter === null
          ? null
          : {
              afterStartMb: rssAfterStart,
              afterWarmUpMb: rssAfterWarmUp,
              afterMb: rssAfter,
              afterIdleMb: rssAfterIdle ?? rssAfter,
              maxMb: Math.max(rssAfterWarmUp, rssAfter, ...rssSamples),
              growthMb: rssAfter - rssAfterWarmUp,
              growthSinceStartMb: rssAfter - rssAfterStart,
              writerMaxMb: writerSamples.length > 0 ? Math.max(...writerSamples) : null,
              writerAfterIdleMb: writerAfterIdle.length > 0 ? Math.max(...writerAfterIdle) : null,
            },
      allocator,
      warmUp: { searches: warmUp.latencies.length, seconds: warmUpSeconds },
      uploadMs: {
        p50: percentile(uploadsSorted, 0.5),
        p99: percentile(uploadsSorted, 0.99),
        max: uploadsSorted.at(-1) ?? 0,
        failed: failedUploads,
        slowest: uploadLatencies
          .map((ms, upload) => ({ upload: upload + 1, ms: Math.round(ms) }))
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 5),
      },
      searches: {
        total: searching.latencies.length,
        errors: searching.errors(),
        p50Ms: percentile(searchesSorted, 0.5),
        p99Ms: percentile(searchesSorted, 0.99),
      },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (child) await stopServerChild(child);
    await rm(directory, { recursive: true, force: true });
  }
}

import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnowhowError } from '../core/errors.js';
import { createServeBenchmarkWorkspace } from './serve-benchmark-workspace.js';
import { readRssMb, startServerChild, stopServerChild } from './serve-child-process.js';

/**
 * Load benchmark for `knowhow serve`: the server runs in a child process (the built JS under
 * dist/ — `npm run build` must have run), autocannon drives it from this process over loopback,
 * and the child's RSS is sampled every second. Endpoints: POST /v1/search and non-streaming
 * POST /v1/chat/completions (model `rag`, the extractive answerer), each for `seconds`.
 */

export interface ServeBenchmarkOptions {
  seconds: number;
  connections: number;
  /** Documents to index (default: the bundled examples/helpdesk/docs). */
  documentsDirectory?: string;
  /** The built package (default: this package's dist/). */
  distDirectory?: string;
  /** Called with one line per phase. */
  onProgress?: (line: string) => void;
}

export interface EndpointFigures {
  endpoint: string;
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface RssFigures {
  /** After indexing and warm-up, before the load. */
  startMb: number;
  endMb: number;
  maxMb: number;
  /** endMb − startMb: garbage collection makes RSS saw-tooth, so judge growth over long runs. */
  growthMb: number;
  /** One sample a second, in MB. */
  samples: number[];
}

export interface ServeBenchmarkResult {
  documents: number;
  chunks: number;
  connections: number;
  seconds: number;
  endpoints: EndpointFigures[];
  /** Null where /proc is not available (not Linux). */
  rss: RssFigures | null;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const QUESTIONS = [
  'How long do customers have to ask for a refund?',
  'How much does the Starter plan cost per seat if we pay annually?',
  'What is the minimum number of seats for an Enterprise contract?',
  'How long is the free trial?',
  'Do you offer a discount for nonprofits?',
  'How do I reset two-factor authentication?',
  'What are the API rate limits?',
  'How do I export my workspace data?',
];

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function loadAutocannon(): Autocannon {
  const require = createRequire(import.meta.url);
  try {
    return require('autocannon') as Autocannon;
  } catch (error) {
    throw new KnowhowError('USAGE', 'The serve benchmark needs autocannon, which is not installed.', {
      hint: 'Install the dev dependencies (`npm install` in the knowhow checkout).',
      cause: error,
    });
  }
}

export async function runServeBenchmark(options: ServeBenchmarkOptions): Promise<ServeBenchmarkResult> {
  const log = options.onProgress ?? (() => {});
  const script = path.join(
    options.distDirectory ?? path.join(packageRoot, 'dist'),
    'bench',
    'serve-benchmark-child.js',
  );
  if (!existsSync(script)) {
    throw new KnowhowError('USAGE', 'The serve benchmark runs the built server, and it is not built.', {
      hint: 'Run `npm run build` in the knowhow checkout first.',
    });
  }
  const autocannon = loadAutocannon();
  const directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-serve-bench-'));
  let child: ChildProcess | undefined;
  try {
    const documents = options.documentsDirectory ?? path.join(packageRoot, 'examples', 'helpdesk', 'docs');
    log(`indexing ${documents}`);
    const workspace = createServeBenchmarkWorkspace(directory);
    let indexed: { documents: number; chunks: number };
    try {
      await workspace.ingest({ paths: [documents], cwd: directory });
      const stats = await (await workspace.store()).stats();
      indexed = { documents: stats.documents, chunks: stats.chunks };
    } finally {
      await workspace.close();
    }

    const started = await startServerChild(script, directory);
    child = started.child;
    const pid = child.pid!;
    log(`server ${started.url} (pid ${pid})`);
    const headers = { 'content-type': 'application/json' };
    const endpoints = [
      {
        endpoint: 'POST /v1/search',
        path: '/v1/search',
        bodies: QUESTIONS.map((query) => JSON.stringify({ query })),
      },
      {
        endpoint: 'POST /v1/chat/completions',
        path: '/v1/chat/completions',
        bodies: QUESTIONS.map((content) =>
          JSON.stringify({ model: 'rag', messages: [{ role: 'user', content }] }),
        ),
      },
    ];

    // Warm-up: the first queries load LanceDB's indexes; they are not what is measured.
    for (const target of endpoints) {
      for (const body of target.bodies) {
        const response = await fetch(`${started.url}${target.path}`, { method: 'POST', headers, body });
        if (!response.ok) {
          throw new KnowhowError(
            'INTERNAL',
            `Serve benchmark warm-up: ${target.endpoint} answered ${response.status}.`,
          );
        }
        await response.arrayBuffer();
      }
    }

    const samples: number[] = [];
    const startRss = await readRssMb(pid);
    if (startRss !== null) samples.push(startRss);
    const sampler = setInterval(() => {
      void readRssMb(pid).then((value) => {
        if (value !== null) samples.push(value);
      });
    }, 1000);
    const figures: EndpointFigures[] = [];
    try {
      for (const target of endpoints) {
        log(`${target.endpoint}: ${options.connections} connections for ${options.seconds} s`);
        const result = await autocannon({
          url: started.url,
          connections: options.connections,
          duration: options.seconds,
          requests: target.bodies.map((body) => ({ method: 'POST', path: target.path, headers, body })),
        });
        figures.push({
          endpoint: target.endpoint,
          requests: result.requests.total,
          requestsPerSecond: result.requests.average,
          latencyP50Ms: result.latency.p50,
          latencyP99Ms: result.latency.p99,
          latencyMeanMs: result.latency.average,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
        });
      }
    } finally {
      clearInterval(sampler);
    }
    const endRss = await readRssMb(pid);
    if (endRss !== null) samples.push(endRss);
    return {
      ...indexed,
      connections: options.connections,
      seconds: options.seconds,
      endpoints: figures,
      rss:
        startRss === null || endRss === null
          ? null
          : {
              startMb: startRss,
              endMb: endRss,
              maxMb: Math.max(...samples),
              growthMb: endRss - startRss,
              samples: samples.map((value) => Math.round(value * 10) / 10),
            },
    };
  } finally {
    if (child) await stopServerChild(child);
    await rm(directory, { recursive: true, force: true });
  }
}

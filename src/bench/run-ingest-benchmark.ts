import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IngestConfig } from '../core/config/schema.js';
import type { IndexStore } from '../core/index-store.js';
import type { Progress } from '../core/progress.js';
import type { Chunk, SourceDocument } from '../core/types.js';
import { runIngest } from '../ingest/index.js';

export interface IngestBenchmarkOptions {
  sizeMegabytes: number;
  ingest: IngestConfig;
  /** The workspace's chunker and index engine (src/workspace). */
  chunk: (document: SourceDocument) => Chunk[];
  openStore: (directory: string) => Promise<IndexStore>;
  directory?: string;
  progress?: (label: string) => Progress;
}

export interface IngestBenchmarkResult {
  megabytes: number;
  files: number;
  documents: number;
  chunks: number;
  generateSeconds: number;
  ingestSeconds: number;
  megabytesPerSecond: number;
  peakRssMb: number;
  indexBytes: number;
}

const words = (
  'account billing invoice refund seat plan workspace member owner admin permission role token webhook retry ' +
  'integration export import report dashboard filter search index latency region storage backup restore audit ' +
  'policy security password session device mobile desktop browser sync conflict error timeout limit quota usage ' +
  'customer support ticket priority escalation response schedule calendar reminder template automation rule'
).split(' ');

/** A deterministic pseudo-random generator (mulberry32): the same corpus on every run. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateArticle(random: () => number, index: number): string {
  const pick = () => words[Math.floor(random() * words.length)]!;
  const sentence = () => {
    const length = 8 + Math.floor(random() * 16);
    const parts: string[] = [];
    for (let i = 0; i < length; i++) parts.push(pick());
    const text = parts.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const sections: string[] = [`# Article ${index}: ${pick()} ${pick()}\n`];
  const sectionCount = 3 + Math.floor(random() * 5);
  for (let s = 0; s < sectionCount; s++) {
    sections.push(`## ${pick()} ${pick()}\n`);
    const paragraphs = 2 + Math.floor(random() * 4);
    for (let p = 0; p < paragraphs; p++) {
      const sentences: string[] = [];
      const count = 3 + Math.floor(random() * 6);
      for (let i = 0; i < count; i++) sentences.push(sentence());
      sections.push(`${sentences.join(' ')}\n`);
    }
    if (random() < 0.2) sections.push('```json\n{ "id": 1, "status": "ok", "retry": true }\n```\n');
  }
  return sections.join('\n');
}

/** Generates Markdown files (streamed to disk), then ingests them through the real pipeline. */
export async function runIngestBenchmark(options: IngestBenchmarkOptions): Promise<IngestBenchmarkResult> {
  const root = options.directory ?? (await mkdtemp(path.join(os.tmpdir(), 'knowhow-ingest-bench-')));
  const docs = path.join(root, 'docs');
  const indexDirectory = path.join(root, 'index');
  await mkdir(docs, { recursive: true });
  const target = options.sizeMegabytes * 1024 * 1024;
  const random = createRandom(42);
  const generateProgress = options.progress?.('generate');
  const generateStarted = performance.now();
  let written = 0;
  let files = 0;
  while (written < target) {
    const folder = path.join(docs, `part-${String(Math.floor(files / 1000)).padStart(4, '0')}`);
    if (files % 1000 === 0) await mkdir(folder, { recursive: true });
    // Files of ~100–400 KB: a realistic mix of long manuals; bounded so no file needs much memory.
    const stream = createWriteStream(path.join(folder, `article-${files}.md`));
    let fileBytes = 0;
    const fileTarget = 100_000 + Math.floor(random() * 300_000);
    while (fileBytes < fileTarget && written < target) {
      const article = generateArticle(random, files);
      fileBytes += Buffer.byteLength(article);
      written += Buffer.byteLength(article);
      if (!stream.write(article)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) =>
      stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    files++;
    generateProgress?.tick(1);
  }
  generateProgress?.done();
  const generateSeconds = (performance.now() - generateStarted) / 1000;

  const store = await options.openStore(indexDirectory);
  try {
    const ingestProgress = options.progress?.('ingest');
    const summary = await runIngest({
      paths: [docs],
      cwd: root,
      config: options.ingest,
      store,
      chunk: options.chunk,
      ...(ingestProgress ? { progress: ingestProgress } : {}),
    });
    const stats = await store.stats();
    return {
      megabytes: written / 1024 / 1024,
      files,
      documents: stats.documents,
      chunks: stats.chunks,
      generateSeconds,
      ingestSeconds: summary.seconds,
      megabytesPerSecond: written / 1024 / 1024 / summary.seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      indexBytes: stats.bytesOnDisk,
    };
  } finally {
    await store.close();
    if (!options.directory) await rm(root, { recursive: true, force: true });
  }
}

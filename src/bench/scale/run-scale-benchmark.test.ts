import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatScaleTable } from './format-scale-table.js';
import { runScaleBenchmark } from './run-scale-benchmark.js';
import { parseChunkSizes, parseDimensions } from './scale-options.js';
import { runScalePhase } from './scale-phase.js';

describe('bench scale options', () => {
  it('reads sizes with k and M suffixes and underscores', () => {
    expect(parseChunkSizes('10000,100k, 1M,2_000')).toEqual([10_000, 100_000, 1_000_000, 2_000]);
  });

  it('refuses a size that is not a positive whole number, naming it', () => {
    expect(() => parseChunkSizes('10k,ten')).toThrow(/--chunks: "ten"/);
    expect(() => parseChunkSizes('0')).toThrow(/--chunks: "0"/);
    expect(() => parseChunkSizes('1.5')).toThrow(/--chunks/);
  });

  it('reads 0 or nothing as BM25 only', () => {
    expect(parseDimensions('768')).toBe(768);
    expect(parseDimensions('0')).toBeNull();
    expect(parseDimensions(undefined)).toBeNull();
    expect(() => parseDimensions('-3')).toThrow(/--dimensions/);
  });
});

describe('runScaleBenchmark', () => {
  let directory = '';
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('loads, queries, measures recall and re-ingests a tiny corpus, and prints every column', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-scale-test-'));
    const result = await runScaleBenchmark({
      chunks: 305,
      dimensions: 16,
      queries: 8,
      store: { indexEngine: 'lancedb', directory, database: null },
      batchDocuments: 10,
      runPhase: runScalePhase,
    });
    expect(result.chunks).toBe(305);
    expect(result.documents).toBe(31);
    expect(result.load.chunksWritten).toBe(305);
    expect(result.load.textBytes).toBeGreaterThan(305 * 300);
    expect(result.load.peakRssBytes).toBeGreaterThan(10_000_000);
    expect(result.indexBytes).toBeGreaterThan(result.load.textBytes);
    expect(result.leaks).toBe(0);
    // The stand-ins for reading files and for a model are timed apart, inside the ingest time.
    expect(result.load.generateSeconds).toBeGreaterThan(0);
    expect(result.load.embedSeconds).toBeGreaterThan(0);
    expect(result.load.generateSeconds + result.load.embedSeconds).toBeLessThan(result.load.seconds);
    // Below the ANN threshold the vector search is the exact scan itself.
    expect(result.recallAt10).toBe(1);
    expect(result.latencies.map((figures) => `${figures.mode}${figures.filtered ? ' g1' : ''}`)).toEqual([
      'bm25',
      'bm25 g1',
      'dense g1',
      'hybrid g1',
    ]);
    // Nothing changed: nothing written. One document in a hundred changed (document 0 of 31):
    // exactly its ten chunks written.
    expect(result.reingestUnchanged.chunksWritten).toBe(0);
    // A re-ingest generates the whole corpus again, as ingest reads every file: timed apart too.
    expect(result.reingestUnchanged.generateSeconds).toBeGreaterThan(0);
    expect(result.reingestUnchanged.documentsWritten).toBe(0);
    expect(result.reingestChanged.documentsWritten).toBe(1);
    expect(result.reingestChanged.chunksWritten).toBe(10);
    // The ten rows it wrote stay outside the indexes (under the 1,000 a write folds at) until the
    // fold a server makes once idle; queried before and after it.
    expect(result.afterChange?.unindexedRows).toBe(10);
    expect(result.afterChange?.before.map((figures) => figures.mode)).toEqual(['bm25', 'hybrid']);
    expect(result.afterChange?.after).toHaveLength(2);
    expect(result.afterChange?.fold.seconds).toBeGreaterThan(0);

    const text = formatScaleTable('scale · lancedb', [result]).join('\n');
    for (const header of [
      'ingest',
      'chunks/s',
      'peak RSS',
      'bytes/chunk',
      '× text',
      'BM25 g1',
      'hybrid g1',
      'generating',
      'embedding',
    ]) {
      expect(text).toContain(header);
    }
    expect(text).toMatch(/recall@10[\s\S]*1\.000/);
    expect(text).toContain("no passage outside the reader's groups");
    // A re-ingest's stand-ins are shown apart too: the 1% changed embeds its ten chunks again.
    expect(text).toMatch(
      /unchanged: time {2}generating {2}embedding[^\n]*1% changed: time {2}generating {2}embedding/,
    );
    expect(result.reingestChanged.embedSeconds).toBeGreaterThan(0);
    expect(text).toMatch(/after 1%: outside indexes[^\n]*fold: time[^\n]*after fold: BM25 g1/);
    expect(text).toContain('305');
    // The index less its 305 × 16 × 4 bytes of vectors, × the text.
    const besides = (result.indexBytes - 305 * 16 * 4) / result.load.textBytes;
    expect(text).toContain('besides vectors');
    expect(text).toContain(`${besides.toFixed(2)}×`);
  }, 60_000);
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunk/index.js';
import { LanceIndexStore } from '../../src/index/index.js';
import { parseJson, runCli, startCli } from '../helpers/run-cli.js';

const DOCUMENTS = 240;
let root: string;

/** Seeded so that every run of the test writes the same corpus and kills at the same moments. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

async function writeCorpus(directory: string, version: (index: number) => number) {
  const words = 'refund invoice seat plan webhook retry token export audit region latency backup'.split(' ');
  for (let i = 0; i < DOCUMENTS; i++) {
    const v = version(i);
    const paragraphs = Array.from({ length: 3 + (i % 5) }, (_, p) =>
      Array.from({ length: 40 }, (_, w) => words[(i * 7 + p * 3 + w + v) % words.length]).join(' '),
    );
    await writeFile(
      path.join(directory, `doc-${String(i).padStart(4, '0')}.md`),
      `# Document ${i} v${v}\n\n${paragraphs.join('\n\n')}\n`,
    );
  }
}

/** Every chunk id once, and every non-pending document's chunk count matching its record. */
async function checkConsistent(indexDirectory: string) {
  const connection = await lancedb.connect(indexDirectory);
  const names = await connection.tableNames();
  if (!names.includes('chunks')) {
    connection.close();
    return { documents: 0, chunks: 0 };
  }
  const chunks = (await (
    await connection.openTable('chunks')
  )
    .query()
    .select(['id', 'doc_id'])
    .toArray()) as {
    id: string;
    doc_id: string;
  }[];
  connection.close();
  const ids = chunks.map((chunk) => chunk.id);
  expect(new Set(ids).size).toBe(ids.length);
  const store = await LanceIndexStore.open({ directory: indexDirectory });
  const documents = await store.listDocuments();
  const pending = store.pendingDocumentIds();
  const perDocument = new Map<string, number>();
  for (const chunk of chunks) perDocument.set(chunk.doc_id, (perDocument.get(chunk.doc_id) ?? 0) + 1);
  for (const [id, record] of documents) {
    if (!pending.has(id)) expect(perDocument.get(id), `chunks of ${id}`).toBe(record.chunkCount);
  }
  // Readable: a search runs.
  await store.searchText('refund', { k: 3, reader: { kind: 'all' } });
  await store.close();
  return { documents: documents.size, chunks: chunks.length };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-kill-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('ingest killed with SIGKILL at random points', () => {
  it('never leaves duplicates, lost documents or an unreadable index', async () => {
    const docs = path.join(root, 'docs');
    await mkdir(docs, { recursive: true });
    // Small batches: many commits, so a kill lands between them as well as inside them.
    await writeFile(
      path.join(root, 'knowhow.yaml'),
      'ingest:\n  batchSize: 8\nchunk:\n  maxTokens: 60\n  overlapTokens: 10\n',
    );
    const versions = new Array<number>(DOCUMENTS).fill(0);
    await writeCorpus(docs, (i) => versions[i]!);
    const next = random(7);
    const indexDirectory = path.join(root, '.knowhow', 'index');
    for (let round = 0; round < 6; round++) {
      const child = startCli(['ingest', 'docs', '--quiet'], { cwd: root });
      const delay = 400 + Math.floor(next() * 2600);
      const exited = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(false);
        }, delay);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      await new Promise((resolve) =>
        child.exitCode === null && child.signalCode === null ? child.on('exit', resolve) : resolve(null),
      );
      await checkConsistent(indexDirectory);
      // Change a fifth of the corpus between rounds so kills also land in replace writes.
      if (!exited || round % 2 === 0) {
        for (let i = 0; i < DOCUMENTS; i++) if (next() < 0.2) versions[i]! += 1;
        await writeCorpus(docs, (i) => versions[i]!);
      }
    }
    const final = await runCli(['ingest', 'docs', '--json'], { cwd: root });
    expect(final.code).toBe(0);
    const summary = parseJson<{ failed: number; index: { documents: number; chunks: number } }>(final);
    expect(summary.failed).toBe(0);
    const counts = await checkConsistent(indexDirectory);
    expect(counts.documents).toBe(DOCUMENTS);
    // Exactly the chunks the current corpus produces: nothing lost, nothing stale.
    const { readFile, readdir } = await import('node:fs/promises');
    let expectedChunks = 0;
    for (const file of await readdir(docs)) {
      const text = await readFile(path.join(docs, file), 'utf8');
      expectedChunks += chunkDocument(
        {
          id: file,
          text,
          title: file,
          source: file,
          format: 'markdown',
          modifiedAt: '',
          groups: ['public'],
          metadata: {},
          hash: '',
        },
        { maxTokens: 60, overlapTokens: 10 },
      ).length;
    }
    expect(counts.chunks).toBe(expectedChunks);
    const store = await LanceIndexStore.open({ directory: indexDirectory });
    const sample = await store.getDocumentChunks('doc-0003.md');
    expect(sample[0]!.text).toContain(`v${versions[3]}`);
    await store.close();
  }, 120_000);
});

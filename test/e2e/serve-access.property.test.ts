import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunk/index.js';
import { configSchema } from '../../src/core/config/schema.js';
import type { IndexStore } from '../../src/core/index-store.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { createExtractiveLanguageModel } from '../../src/providers/extractive/index.js';
import { type ApiKey, createServeApp, type RunningServer, startServer } from '../../src/serve/index.js';
import { availableEngines, type StoreHarness, startStoreHarness } from '../helpers/index-stores.js';

/**
 * Zero leaks: over random documents (each readable by random groups), random keys and random
 * queries drawn from the documents' words, nothing a key receives — search hits, rag or
 * long-context citations — belongs to a document its groups may not read, and long-context
 * packs exactly the documents the key may read. On every index engine: LanceDB,
 * PostgreSQL 15 and PGlite.
 */

const GROUPS = ['a', 'b', 'c', 'public'] as const;
const VOCABULARY = (
  'refund invoice seat plan owner admin token webhook export import region backup audit policy ' +
  'password session device browser ticket priority schedule reminder template rule quota limit'
).split(' ');

// One key per subset of {a, b, c}: the property picks among them.
const KEYS: ApiKey[] = [[], ['a'], ['b'], ['c'], ['a', 'b'], ['a', 'c'], ['b', 'c'], ['a', 'b', 'c']].map(
  (groups, i) => ({ name: `key-${groups.join('') || 'none'}`, key: `sk-property-${i}-0123456789`, groups }),
);

const documentArbitrary = fc.record({
  words: fc.array(fc.constantFrom(...VOCABULARY), { minLength: 5, maxLength: 40 }),
  groups: fc.uniqueArray(fc.constantFrom(...GROUPS), { minLength: 1, maxLength: 3 }),
});

const config = configSchema.parse({ serve: { rateLimitPerMinute: 1_000_000 } });
const chunk = (document: Parameters<typeof chunkDocument>[0]) =>
  chunkDocument(document, { maxTokens: 24, overlapTokens: 0 });

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely; the assertions check them.
type Json = any;

function readable(documentGroups: readonly string[], key: ApiKey): boolean {
  return documentGroups.some((group) => group === 'public' || key.groups.includes(group));
}

async function post(url: string, pathname: string, key: ApiKey, body: unknown): Promise<Json> {
  const response = await fetch(`${url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe.each(availableEngines())('access control over the API on %s', (engine) => {
  let directory: string;
  let harness: StoreHarness;
  let store: IndexStore;
  let server: RunningServer;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
    harness = await startStoreHarness(engine);
    store = await harness.open();
    const app = createServeApp({
      store,
      models: { answer: createExtractiveLanguageModel() },
      config,
      dataDirectory: directory,
      runsDirectory: path.join(directory, 'runs'),
      feedbackFile: path.join(directory, 'feedback.jsonl'),
      keys: KEYS,
      chunk,
    });
    server = await startServer({ app, host: '127.0.0.1', port: 0 });
  }, 120_000);

  afterAll(async () => {
    await server?.close({ graceMs: 1000 });
    await store?.close();
    await harness?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('never returns a chunk a key may not read (search and chat citations)', async () => {
    let returned = 0;
    let restrictedReturned = 0;
    const corpusFile = path.join(directory, 'corpus.jsonl');
    await fc.assert(
      fc.asyncProperty(
        fc.array(documentArbitrary, { minLength: 4, maxLength: 14 }),
        fc.array(fc.tuple(fc.nat({ max: KEYS.length - 1 }), fc.nat(), fc.nat()), {
          minLength: 3,
          maxLength: 6,
        }),
        async (documents, probes) => {
          const groupsById = new Map<string, string[]>();
          const lines = documents.map((document, i) => {
            groupsById.set(`corpus.jsonl#d${i}`, document.groups);
            return JSON.stringify({
              id: `d${i}`,
              text: `${document.words.join(' ')}.`,
              groups: document.groups,
            });
          });
          await writeFile(corpusFile, `${lines.join('\n')}\n`);
          // prune: documents of the previous run disappear, so ids map to this run's groups only.
          await runIngest({
            paths: [corpusFile],
            cwd: directory,
            config: config.ingest,
            store,
            chunk,
            prune: true,
          });
          for (const [keyIndex, documentIndex, wordIndex] of probes) {
            const key = KEYS[keyIndex]!;
            const words = documents[documentIndex % documents.length]!.words;
            const query = `${words[wordIndex % words.length]} ${words[(wordIndex + 1) % words.length]}`;
            const search = await post(server.url, '/v1/search', key, { query, k: 20 });
            const chat = await post(server.url, '/v1/chat/completions', key, {
              model: 'rag',
              messages: [{ role: 'user', content: query }],
            });
            // long-context packs the key's whole documents: every one it may read, none it may not.
            const packed = await post(server.url, '/v1/chat/completions', key, {
              model: 'long-context',
              messages: [{ role: 'user', content: query }],
            });
            const mayRead = [...groupsById.values()].filter((groups) => readable(groups, key)).length;
            expect(packed.knowhow.long_context.readable_documents).toBe(mayRead);
            const seen = [
              ...search.data.map((hit: { document_id: string }) => hit.document_id),
              ...chat.citations.map((citation: { document_id: string }) => citation.document_id),
              ...packed.citations.map((citation: { document_id: string }) => citation.document_id),
            ];
            for (const documentId of seen) {
              const groups = groupsById.get(documentId);
              expect(groups, `${documentId} is not in this run's corpus`).toBeDefined();
              expect(
                readable(groups!, key),
                `${key.name} received ${documentId} (${groups!.join(',')})`,
              ).toBe(true);
              returned++;
              if (!groups!.includes('public')) restrictedReturned++;
            }
          }
        },
      ),
      { numRuns: 25, seed: 20261122 },
    );
    // Not vacuous: keys did receive documents, restricted ones included (to the right keys).
    expect(returned).toBeGreaterThan(50);
    expect(restrictedReturned).toBeGreaterThan(5);
  }, 60_000);
});

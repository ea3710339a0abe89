import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyLlamaGguf } from '../helpers/gguf/write-tiny-gguf.js';
import { parseJson, runCli } from '../helpers/run-cli.js';

/**
 * The model path for real, through the CLI: node-llama-cpp loads tiny GGUF models that the
 * test writes (random weights: answers are gibberish, the point is that every step is real).
 */
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-models-'));
  await mkdir(path.join(root, 'models'), { recursive: true });
  await writeTinyLlamaGguf({ path: path.join(root, 'models', 'chat.gguf'), seed: 3, contextLength: 2048 });
  await writeTinyLlamaGguf({
    path: path.join(root, 'models', 'embed.gguf'),
    seed: 5,
    pooling: 'mean',
    chatTemplate: null,
  });
  await mkdir(path.join(root, 'docs'), { recursive: true });
  const topics = [
    'refund window thirty days',
    'webhook retries exponential',
    'single sign on saml',
    'api rate limit minute',
  ];
  for (const [i, topic] of topics.entries()) {
    await writeFile(
      path.join(root, 'docs', `doc-${i}.md`),
      `# Topic ${i}\n\nThis page explains the ${topic} in detail. The ${topic} matters.\n`,
    );
  }
  // A tiny BEIR folder for the hybrid benchmark path.
  const beir = path.join(root, 'beir');
  await mkdir(path.join(beir, 'qrels'), { recursive: true });
  await writeFile(
    path.join(beir, 'corpus.jsonl'),
    topics
      .map((topic, i) => JSON.stringify({ _id: `d${i}`, title: `Topic ${i}`, text: `About the ${topic}.` }))
      .join('\n'),
  );
  await writeFile(
    path.join(beir, 'queries.jsonl'),
    topics.map((topic, i) => JSON.stringify({ _id: `q${i}`, text: topic })).join('\n'),
  );
  await writeFile(
    path.join(beir, 'qrels', 'test.tsv'),
    `query-id\tcorpus-id\tscore\n${topics.map((_, i) => `q${i}\td${i}\t1`).join('\n')}\n`,
  );
  await writeFile(
    path.join(root, 'knowhow.yaml'),
    [
      'models:',
      '  answer: { provider: llama-cpp, model: models/chat.gguf, contextSize: 2048, maxTokens: 12, temperature: 0 }',
      '  embed: { provider: llama-cpp, model: models/embed.gguf, contextSize: 512 }',
      '  cache: false',
      'retrieve: { mode: hybrid, k: 3 }',
      'chunk: { maxTokens: 64, overlapTokens: 8 }',
    ].join('\n'),
  );
}, 60_000);
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('models through the CLI (tiny GGUFs, node-llama-cpp)', () => {
  it('embeds at ingest, reuses vectors of unchanged chunks, and reports embedding throughput', async () => {
    const first = await runCli(['ingest', 'docs'], { cwd: root });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /embedding: \d+ chunks at [\d.]+ chunks\/s, \d+% of ingest time inside the provider/,
    );
    await writeFile(
      path.join(root, 'docs', 'doc-0.md'),
      '# Topic 0\n\nThis page explains the refund window thirty days in detail. The refund window thirty days matters.\n\nA new paragraph.\n',
    );
    const second = parseJson<{
      updated: number;
      embedded: number;
      embeddingsReused: number;
      index: { embeddingModel: string };
    }>(await runCli(['ingest', 'docs', '--json'], { cwd: root }));
    expect(second.updated).toBe(1);
    expect(second.embeddingsReused).toBeGreaterThanOrEqual(0);
    expect(second.index.embeddingModel).toContain('embed.gguf');
  }, 120_000);

  it('searches in dense and hybrid modes and answers with the local model', async () => {
    for (const mode of ['dense', 'hybrid']) {
      // LanceDB's own warnings shown: a query that leaves out _score or _distance logs a
      // deprecation warning on every search (the library's users see LanceDB's default level).
      const run = await runCli(['search', 'webhook retries', '--mode', mode, '--json'], {
        cwd: root,
        env: { LANCEDB_LOG: 'warn' },
      });
      const result = parseJson<{ mode: string; hits: unknown[] }>(run);
      expect(result.mode).toBe(mode);
      expect(result.hits.length).toBeGreaterThan(0);
      expect(run.stderr).not.toMatch(/WARN|Deprecation/);
    }
    const ask = parseJson<{
      extractive: boolean;
      model: string;
      usage: { promptTokens: number; completionTokens: number };
    }>(await runCli(['ask', 'How long is the refund window?', '--json'], { cwd: root }));
    expect(ask.extractive).toBe(false);
    expect(ask.model).toContain('llama-cpp');
    expect(ask.usage.promptTokens).toBeGreaterThan(0);
    expect(ask.usage.completionTokens).toBeGreaterThan(0);
  }, 120_000);

  it('runs bench beir --mode hybrid end to end', async () => {
    const result = parseJson<{ mode: string; queries: number; ndcgAt10: number }>(
      await runCli(['bench', 'beir', 'beir', '--mode', 'hybrid', '--json'], { cwd: root }),
    );
    expect(result.mode).toBe('hybrid');
    expect(result.queries).toBe(4);
    expect(result.ndcgAt10).toBeGreaterThan(0);
  }, 120_000);

  it('names the provider, model and setting when a model file is not GGUF', async () => {
    const bad = path.join(root, 'bad');
    await mkdir(path.join(bad, 'docs'), { recursive: true });
    await writeFile(path.join(bad, 'not-a-model.gguf'), 'hello, I am text');
    await writeFile(path.join(bad, 'docs', 'a.md'), '# A\n\ntext');
    await writeFile(
      path.join(bad, 'knowhow.yaml'),
      'models:\n  embed: { provider: llama-cpp, model: not-a-model.gguf }\n',
    );
    const result = await runCli(['ingest', 'docs'], { cwd: bad });
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('not-a-model.gguf');
    expect(result.stderr).toMatch(/models\.embed/);
  }, 60_000);
});

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerNames } from '../../src/providers/registry.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js';
import { parseJson, repositoryRoot, runCli } from '../helpers/run-cli.js';

/**
 * Wiring that used to be copied per command, and drifted (issue 14), now comes from the workspace
 * for every caller. Each test here failed on the copies: run through the real CLI.
 */
let root: string;
let project: string;
let server: FixtureServer;

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]+/g) ?? []);

/** A deterministic 16-dimension "embedding": letter frequencies, so similar texts are near. */
function embed(text: string): number[] {
  const vector = new Array(16).fill(0);
  for (const char of text.toLowerCase()) {
    const code = char.charCodeAt(0) - 97;
    if (code >= 0 && code < 26) vector[code % 16] += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-drift-'));
  project = path.join(root, 'helpdesk');
  await cp(path.join(repositoryRoot, 'examples', 'helpdesk'), project, {
    recursive: true,
    filter: (source) => !source.split(path.sep).includes('.knowhow'),
  });
  server = await startFixtureServer();
  server.reply('/v1/embeddings', (request) => {
    const input = (request.body as { input: string[] }).input;
    return {
      json: {
        data: input.map((text, index) => ({ index, embedding: embed(text) })),
        usage: { prompt_tokens: input.length, total_tokens: input.length },
      },
    };
  });
  server.reply('/v1/rerank', (request) => {
    const { query, documents } = request.body as { query: string; documents: string[] };
    const asked = words(query);
    return {
      json: {
        results: documents.map((document, index) => ({
          index,
          relevance_score: [...words(document)].filter((word) => asked.has(word)).length,
        })),
      },
    };
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe('drift: one wiring for every command', () => {
  it('tune prepare --hybrid retrieves with the settings the rag variant uses (it dropped retrieve.rerank.top)', async () => {
    const config = await readFile(path.join(project, 'knowhow.yaml'), 'utf8');
    await writeFile(
      path.join(project, 'knowhow.yaml'),
      `${config.replace(/retrieve:\n( {2}.*\n)+/, '')}
retrieve: { mode: hybrid, k: 2, candidates: 12, rrfK: 1, rerank: { enabled: true, top: 3 } }
models:
  embed: { provider: openai-compatible, model: fixture-embed, baseURL: ${server.url}/v1 }
  rerank: { provider: openai-compatible, model: fixture-rerank, baseURL: ${server.url}/v1 }
  cache: false
`,
    );
    const ingested = await runCli(['ingest', '--json'], { cwd: project });
    expect(ingested.code, ingested.stderr).toBe(0);

    server.reset();
    server.reply('/v1/embeddings', (request) => ({
      json: {
        data: (request.body as { input: string[] }).input.map((text, index) => ({
          index,
          embedding: embed(text),
        })),
      },
    }));
    server.reply('/v1/rerank', (request) => {
      const { query, documents } = request.body as { query: string; documents: string[] };
      const asked = words(query);
      return {
        json: {
          results: documents.map((document, index) => ({
            index,
            relevance_score: [...words(document)].filter((word) => asked.has(word)).length,
          })),
        },
      };
    });
    const prepared = await runCli(['tune', 'prepare', '--hybrid', '--model', 'gpt-4o-mini', '--json'], {
      cwd: project,
    });
    expect(prepared.code, prepared.stderr).toBe(0);
    const reranked = server.requestsTo('/v1/rerank');
    expect(reranked.length).toBeGreaterThan(0);
    // retrieve.rerank.top: 3 — the copy in `tune prepare` sent 12 (every candidate) instead.
    for (const request of reranked) {
      expect((request.body as { documents: string[] }).documents.length).toBeLessThanOrEqual(3);
    }
  }, 120_000);

  it('a provider name in KNOWHOW_ANSWER_PROVIDER that does not exist is a config error naming the variable and the choices', async () => {
    const result = await runCli(['demo', '--dir', 'demo-bad-provider'], {
      cwd: root,
      env: { KNOWHOW_ANSWER_MODEL: 'some-model', KNOWHOW_ANSWER_PROVIDER: 'foo' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error [CONFIG_INVALID]');
    expect(result.stderr).toContain('KNOWHOW_ANSWER_PROVIDER="foo"');
    // The registry's names in its order, so that a new provider needs no edit here.
    expect(result.stderr).toContain(`Allowed: ${providerNames.join(', ')}.`);
    expect(providerNames).toEqual(
      expect.arrayContaining(['openai-compatible', 'anthropic', 'llama-cpp', 'extractive']),
    );
  }, 60_000);

  it('every reader of eval runs refuses a run id that leaves the runs folder', async () => {
    for (const args of [
      ['compare', '..', '..'],
      ['diagnose', '--run', '..'],
      ['tune', 'regress', '--run', '../..'],
    ]) {
      const result = await runCli([...args, '--json'], { cwd: project });
      const { error } = parseJson<{ error: { code: string; message: string } }>(result);
      expect(error.code, args.join(' ')).toBe('INPUT_INVALID');
      expect(error.message).toContain('is not a run id');
    }
  }, 60_000);
});

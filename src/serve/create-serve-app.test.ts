import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeChunk, makeRecord } from '../../test/helpers/make-chunk.js';
import { KnowhowError } from '../core/errors.js';
import type { EvalRow } from '../core/eval-types.js';
import type { FeedbackEntry } from '../core/feedback-types.js';
import { estimateTokens } from '../core/text/count-tokens.js';
import { passageTokens } from '../generate/index.js';
import { createExtractiveLanguageModel } from '../providers/extractive/index.js';
import type { GenerateRequest, LanguageModel } from '../providers/spec.js';
import {
  ADMIN_KEY,
  bearer,
  buildTestApp,
  PUBLIC_KEY,
  postJson,
  SUPPORT_KEY,
  type TestApp,
} from './__fixtures__/build-test-app.js';
import { MemoryIndexStore } from './__fixtures__/memory-index-store.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely; the assertions check them.
type Json = any;

const apps: TestApp[] = [];
async function setUp(options: Parameters<typeof buildTestApp>[0] = {}): Promise<TestApp> {
  const built = await buildTestApp(options);
  apps.push(built);
  return built;
}
afterEach(async () => {
  for (const built of apps.splice(0)) await built.cleanup();
});

const question = {
  model: 'rag',
  messages: [{ role: 'user', content: 'How many days do I have for a refund?' }],
};

function expectErrorShape(body: unknown, code: string) {
  expect(body).toMatchObject({ error: { code, type: code.toLowerCase(), message: expect.any(String) } });
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(text).not.toContain('/tmp/');
}

function parseEvents(text: string): string[] {
  return text
    .split('\n\n')
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => block.replace(/^data: /, ''));
}

function row(overrides: Partial<EvalRow>): EvalRow {
  return {
    runId: 'run-1',
    caseId: 'refund-window',
    variant: 'rag',
    model: 'extractive:extractive',
    question: 'How long is the refund window?',
    answer: 'Refunds are granted within 30 days of purchase. [1]',
    checks: [{ name: 'facts', kind: 'content', verdict: 'pass', reason: 'all facts stated' }],
    verdicts: { content: 'pass', format: 'skipped', grounding: 'skipped', retrieval: 'skipped' },
    passed: true,
    retrievedIds: ['billing/refunds.md#0'],
    contextIds: ['billing/refunds.md#0'],
    citations: [{ marker: 1, chunkId: 'billing/refunds.md#0', valid: true }],
    usage: { promptTokens: 120, completionTokens: 12 },
    latencyMs: 3,
    costUsd: 0,
    cached: false,
    extractive: true,
    startedAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

describe('chat completions', () => {
  it('answers in the OpenAI shape with numbered citations beside the message', async () => {
    const { app } = await setUp();
    const response = await app.request('/v1/chat/completions', postJson(question));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'rag',
      choices: [{ index: 0, message: { role: 'assistant' }, finish_reason: 'stop' }],
      knowhow: { extractive: true, architecture: 'rag' },
    });
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.choices[0].message.content).toContain('30 days');
    expect(body.choices[0].message.content).toMatch(/\[\d\]/);
    expect(body.citations[0]).toMatchObject({
      marker: 1,
      document_id: 'billing/refunds.md',
      title: 'Refunds',
    });
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('says where each cited passage and search hit stands in its file (offsets, line)', async () => {
    const { app } = await setUp();
    const location = { source_start: 52, source_end: 129, line: 7, end_line: 7 };
    const chat = (await (await app.request('/v1/chat/completions', postJson(question))).json()) as Json;
    expect(chat.citations[0]).toMatchObject({ document_id: 'billing/refunds.md', ...location });
    const search = (await (
      await app.request('/v1/search', postJson({ query: 'refund', k: 10 }))
    ).json()) as Json;
    const hit = search.data.find((entry: Json) => entry.document_id === 'billing/refunds.md');
    expect(hit).toMatchObject(location);
    // A passage with no place in a file (derived text) carries no location fields.
    const other = search.data.find((entry: Json) => entry.document_id === 'internal/runbook.md');
    expect(other).not.toHaveProperty('line');
    expect(other).not.toHaveProperty('page');
  });

  it('streams chunks, the finish reason, usage, citations, then [DONE]', async () => {
    const { app } = await setUp();
    const response = await app.request(
      '/v1/chat/completions',
      postJson({ ...question, stream: true, stream_options: { include_usage: true } }),
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseEvents(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as Json);
    expect(chunks[0]!.choices[0].delta.role).toBe('assistant');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    expect(text).toContain('30 days');
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toBeDefined();
    expect(chunks.find((chunk) => chunk.usage)?.usage.total_tokens).toBeGreaterThan(0);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.citations[0].document_id).toBe('billing/refunds.md');
  });

  it('keeps earlier turns and system messages, answering the last user turn', async () => {
    const { app } = await setUp();
    const response = await app.request(
      '/v1/chat/completions',
      postJson({
        model: 'rag',
        messages: [
          { role: 'developer', content: 'Be brief.' },
          { role: 'user', content: 'Hello' },
          { role: 'assistant', content: 'Hi, how can I help?' },
          { role: 'user', content: [{ type: 'text', text: 'What is the refund window in days?' }] },
        ],
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body.choices[0].message.content).toContain('30 days');
  });

  it('serves prompt-only and, with a tuned model, tuned and hybrid', async () => {
    const plain = await setUp();
    const models = (await (await plain.app.request('/v1/models')).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(['rag', 'prompt', 'long-context']);
    const prompt = await plain.app.request(
      '/v1/chat/completions',
      postJson({ ...question, model: 'prompt' }),
    );
    expect(((await prompt.json()) as Json).citations).toEqual([]);

    const tuned = await setUp({ tuned: createExtractiveLanguageModel() });
    const listed = (await (await tuned.app.request('/v1/models')).json()) as { data: { id: string }[] };
    expect(listed.data.map((model) => model.id)).toEqual([
      'rag',
      'prompt',
      'long-context',
      'tuned',
      'hybrid',
    ]);
    const hybrid = await tuned.app.request(
      '/v1/chat/completions',
      postJson({ ...question, model: 'hybrid' }),
    );
    expect(((await hybrid.json()) as Json).citations.length).toBeGreaterThan(0);
  });
});

describe('bad input', () => {
  it('rejects malformed JSON and empty bodies with 400 INPUT_INVALID', async () => {
    const { app } = await setUp();
    const malformed = await app.request('/v1/chat/completions', postJson('{"model": "rag", "messages": ['));
    expect(malformed.status).toBe(400);
    const body = (await malformed.json()) as Json;
    expectErrorShape(body, 'INPUT_INVALID');
    expect(body.error.message).toContain('not valid JSON');
    const empty = await app.request('/v1/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(400);
    expectErrorShape(await empty.json(), 'INPUT_INVALID');
    const untyped = await app.request('/v1/search', { method: 'POST' });
    expect(untyped.status).toBe(415);
    expectErrorShape(await untyped.json(), 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects oversized bodies with 413, declared or streamed', async () => {
    const { app } = await setUp({ config: { serve: { maxBodyBytes: 1000 } } });
    const big = JSON.stringify({ ...question, padding: 'x'.repeat(5000) });
    const declared = await app.request('/v1/chat/completions', postJson(big));
    expect(declared.status).toBe(413);
    expectErrorShape(await declared.json(), 'INPUT_TOO_LARGE');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++)
          controller.enqueue(new TextEncoder().encode(big.slice(i * 1000, (i + 1) * 1000)));
        controller.close();
      },
    });
    const streamed = await app.request('/v1/search', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('names unknown models and lists the served ones', async () => {
    const { app } = await setUp();
    const response = await app.request('/v1/chat/completions', postJson({ ...question, model: 'gpt-4o' }));
    expect(response.status).toBe(404);
    const body = (await response.json()) as Json;
    expectErrorShape(body, 'INPUT_NOT_FOUND');
    expect(body.error.param).toBe('model');
    expect(body.error.hint).toContain('rag, prompt');
    const tuned = await app.request('/v1/chat/completions', postJson({ ...question, model: 'tuned' }));
    expect(((await tuned.json()) as Json).error.message).toContain('models.tuned');
  });

  it('rejects invalid roles, missing user turns, n > 1 and max_tokens over the limit', async () => {
    const { app } = await setUp({ overrides: { maxTokens: 256 } });
    const cases: [unknown, string][] = [
      [{ model: 'rag', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].role'],
      [{ model: 'rag', messages: [{ role: 'system', content: 'only a system prompt' }] }, 'messages'],
      [{ model: 'rag', messages: [] }, 'messages'],
      [{ ...question, n: 2 }, 'n'],
      [{ ...question, max_tokens: 100_000 }, 'max_tokens'],
      [
        { model: 'rag', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] },
        'messages[0].content',
      ],
    ];
    for (const [body, param] of cases) {
      const response = await app.request('/v1/chat/completions', postJson(body));
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = (await response.json()) as Json;
      expectErrorShape(error, 'INPUT_INVALID');
      expect(error.error.param).toContain(param);
    }
  });

  it('answers unknown routes with the same error shape', async () => {
    const { app } = await setUp();
    const response = await app.request('/v1/nothing-here');
    expect(response.status).toBe(404);
    expectErrorShape(await response.json(), 'INPUT_NOT_FOUND');
  });

  it('hides internal errors and server paths, and logs them', async () => {
    const store = new MemoryIndexStore();
    store.searchText = async () => {
      throw new Error('boom while reading /tmp/secret-index/chunks.lance');
    };
    const { app, logs } = await setUp({ store });
    const response = await app.request('/v1/search', postJson({ query: 'refund' }));
    expect(response.status).toBe(500);
    const body = (await response.json()) as Json;
    expectErrorShape(body, 'INTERNAL');
    expect(JSON.stringify(body)).not.toContain('secret-index');
    expect(logs.join('\n')).toContain('secret-index');

    store.searchText = async () => {
      throw new KnowhowError('INDEX_FAILED', 'Cannot open /srv/data/.knowhow/index/chunks.lance: corrupt.');
    };
    const known = await app.request('/v1/search', postJson({ query: 'refund' }));
    expect(known.status).toBe(500);
    const message = ((await known.json()) as Json).error.message as string;
    expect(message).toContain('<path>');
    expect(message).not.toContain('/srv/');
  });
});

describe('access control', () => {
  const keys = [SUPPORT_KEY, ADMIN_KEY, PUBLIC_KEY];

  it('401s a missing or unknown key in the documented shape', async () => {
    const { app } = await setUp({ keys });
    const missing = await app.request('/v1/models');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expectErrorShape(await missing.json(), 'UNAUTHORIZED');
    const wrong = await app.request('/v1/models', {
      headers: { authorization: 'Bearer sk-not-a-key-at-all' },
    });
    expect(wrong.status).toBe(401);
    const body = (await wrong.json()) as Json;
    expect(body.error.message).toBe('Unknown API key.');
    expect(JSON.stringify(body)).not.toContain('sk-');
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it("retrieves only what the key's groups may read", async () => {
    const { app } = await setUp({ keys });
    const search = async (headers: Record<string, string>) => {
      const response = await app.request('/v1/search', postJson({ query: 'refund', k: 10 }, headers));
      const body = (await response.json()) as { data: { document_id: string }[] };
      return body.data.map((hit) => hit.document_id).sort();
    };
    expect(await search(bearer(SUPPORT_KEY))).toEqual(['billing/refunds.md', 'internal/runbook.md']);
    expect(await search(bearer(PUBLIC_KEY))).toEqual(['billing/refunds.md']);
    // admin may write and read runs, but it does not widen what retrieval returns.
    expect(await search(bearer(ADMIN_KEY))).toEqual(['billing/refunds.md']);
    const chat = await app.request(
      '/v1/chat/completions',
      postJson(
        { model: 'rag', messages: [{ role: 'user', content: 'relocation refund cap' }] },
        bearer(PUBLIC_KEY),
      ),
    );
    const body = (await chat.json()) as { citations: { document_id: string }[]; choices: Json[] };
    expect(body.citations.every((citation) => citation.document_id === 'billing/refunds.md')).toBe(true);
    expect(body.choices[0].message.content).not.toContain('5000');
  });

  it('lets the loopback operator read everything when no keys are configured', async () => {
    const { app } = await setUp();
    const response = await app.request('/v1/search', postJson({ query: 'refund', k: 10 }));
    const body = (await response.json()) as { data: unknown[] };
    expect(body.data).toHaveLength(3);
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    let now = 0;
    const { app } = await setUp({
      keys,
      config: { serve: { rateLimitPerMinute: 2 } },
      overrides: { monotonicNow: () => now },
    });
    const call = (key = SUPPORT_KEY) => app.request('/v1/models', { headers: bearer(key) });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expectErrorShape(await limited.json(), 'RATE_LIMITED');
    expect((await call(PUBLIC_KEY)).status).toBe(200);
    now += 30_000;
    expect((await call()).status).toBe(200);
  });

  it('keeps runs and ingest for admin keys', async () => {
    const { app } = await setUp({ keys });
    const runs = await app.request('/v1/runs', { headers: bearer(SUPPORT_KEY) });
    expect(runs.status).toBe(403);
    expectErrorShape(await runs.json(), 'FORBIDDEN');
    const ingest = await app.request(
      '/v1/ingest',
      postJson({ records: [{ id: 'a', text: 'text' }] }, bearer(SUPPORT_KEY)),
    );
    expect(ingest.status).toBe(403);
    expect((await app.request('/v1/runs', { headers: bearer(ADMIN_KEY) })).status).toBe(200);
  });
});

describe('limits', () => {
  it('fails a request that runs past serve.requestTimeoutMs with 504 TIMEOUT', async () => {
    const store = new MemoryIndexStore();
    store.delayMs = 300;
    const { app } = await setUp({ store, config: { serve: { requestTimeoutMs: 50 } } });
    const started = performance.now();
    const response = await app.request('/v1/search', postJson({ query: 'refund' }));
    expect(response.status).toBe(504);
    expectErrorShape(await response.json(), 'TIMEOUT');
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe('streaming limits', () => {
  it('ends a stream that runs past the deadline with an error event in the documented shape', async () => {
    const slow = {
      provider: 'test',
      modelId: 'slow',
      contextWindow: 8192,
      capabilities: { streaming: true, jsonSchema: false, extractive: false },
      async doGenerate() {
        throw new Error('not used');
      },
      async *doStream(request: { signal?: AbortSignal }) {
        for (let i = 0; i < 100; i++) {
          request.signal?.throwIfAborted();
          await new Promise((resolve) => setTimeout(resolve, 10));
          yield { type: 'text-delta' as const, text: 'word ' };
        }
      },
    };
    const { app } = await setUp({
      config: { serve: { requestTimeoutMs: 100 } },
      overrides: { models: { answer: slow } },
    });
    const response = await app.request('/v1/chat/completions', postJson({ ...question, stream: true }));
    expect(response.status).toBe(200);
    const events = parseEvents(await response.text());
    expect(events).not.toContain('[DONE]');
    expectErrorShape(JSON.parse(events.at(-1)!), 'TIMEOUT');
  });
});

describe('streamed citations', () => {
  it('never streams a marker that points at no passage, and streams what the non-streamed answer shows', async () => {
    const pieces = ['Refunds take 30 days [', '1', '][', '7', ']. Pro costs $14 [9', '].'];
    const inventing = {
      provider: 'test',
      modelId: 'inventing',
      contextWindow: 8192,
      capabilities: { streaming: true, jsonSchema: false, extractive: false },
      async doGenerate() {
        return {
          text: pieces.join(''),
          usage: { promptTokens: 1, completionTokens: 1 },
          finishReason: 'stop' as const,
        };
      },
      async *doStream() {
        for (const text of pieces) yield { type: 'text-delta' as const, text };
      },
    };
    const { app } = await setUp({ overrides: { models: { answer: inventing } } });
    const whole = await app.request('/v1/chat/completions', postJson(question));
    const content = ((await whole.json()) as { choices: { message: { content: string } }[] }).choices[0]!
      .message.content;
    expect(content).toBe('Refunds take 30 days [1]. Pro costs $14.');
    const streamed = await app.request('/v1/chat/completions', postJson({ ...question, stream: true }));
    const deltas = parseEvents(await streamed.text())
      .filter((event) => event !== '[DONE]')
      .map(
        (event) =>
          (JSON.parse(event) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content,
      )
      .filter((delta): delta is string => typeof delta === 'string');
    expect(deltas.some((delta) => /\[[79]/.test(delta))).toBe(false);
    expect(deltas.join('')).toBe(content);
  });
});

describe('feedback', () => {
  it('appends one line per rating with the key name, never the key', async () => {
    const { app, feedbackFile } = await setUp({ keys: [SUPPORT_KEY] });
    const response = await app.request(
      '/v1/feedback',
      postJson(
        {
          rating: 'down',
          question: 'refund window?',
          answer: '14 days',
          correctedAnswer: '30 days from purchase',
          model: 'rag',
          citedChunkIds: ['billing/refunds.md#0'],
        },
        bearer(SUPPORT_KEY),
      ),
    );
    expect(response.status).toBe(201);
    const lines = (await readFile(feedbackFile, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as FeedbackEntry;
    expect(entry).toMatchObject({
      rating: 'down',
      correctedAnswer: '30 days from purchase',
      keyName: 'support-bot',
      groups: ['support'],
      architecture: 'rag',
      model: 'extractive:extractive',
    });
    expect(lines[0]).not.toContain(SUPPORT_KEY.key);
  });

  it('writes nothing for an invalid rating', async () => {
    const { app, feedbackFile } = await setUp();
    const response = await app.request(
      '/v1/feedback',
      postJson({ rating: 'meh', question: 'q', answer: 'a' }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).error.param).toBe('rating');
    await expect(readFile(feedbackFile, 'utf8')).rejects.toThrow();
  });
});

describe('eval runs', () => {
  it('lists runs and returns one with its rows, refusing traversal', async () => {
    const { app, runsDirectory } = await setUp();
    await mkdir(path.join(runsDirectory, 'run-1'), { recursive: true });
    await writeFile(
      path.join(runsDirectory, 'run-1', 'rows.jsonl'),
      `${JSON.stringify(row({}))}\n${JSON.stringify(row({ variant: 'prompt', passed: false }))}\n{"torn`,
    );
    const list = (await (await app.request('/v1/runs')).json()) as { data: Json[] };
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      id: 'run-1',
      cases: 1,
      rows: 2,
      has_report: false,
      recommendation: null,
    });
    const run = (await (await app.request('/v1/runs/run-1')).json()) as Json;
    expect(run.report.rows).toHaveLength(2);
    expect(run.report.diagnosis).toBeNull();
    for (const bad of ['..', '..%2F..%2Fetc', '.hidden']) {
      const response = await app.request(`/v1/runs/${bad}`);
      expect([400, 404]).toContain(response.status);
      expect(JSON.stringify(await response.json())).not.toContain('/tmp/');
    }
    const missing = await app.request('/v1/runs/run-2');
    expect(missing.status).toBe(404);
    expect((await app.request('/v1/runs/run-1/report.html')).status).toBe(404);
  });
});

describe('documents', () => {
  it('deletes a document by its id for admin keys only, and says 404 for an unknown one', async () => {
    const { app, store } = await setUp({ keys: [ADMIN_KEY, SUPPORT_KEY] });
    await app.request(
      '/v1/ingest',
      postJson(
        { records: [{ id: 'q/1', text: 'Invoices are emailed monthly.' }], file: 'faq' },
        bearer(ADMIN_KEY),
      ),
    );
    expect(store.documents.get('faq.jsonl#q/1')?.origin).toBe('api');
    const path = `/v1/documents/${encodeURIComponent('faq.jsonl#q/1')}`;
    const refused = await app.request(path, { method: 'DELETE', headers: bearer(SUPPORT_KEY) });
    expect(refused.status).toBe(403);
    const deleted = await app.request(path, { method: 'DELETE', headers: bearer(ADMIN_KEY) });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({
      object: 'document.deleted',
      id: 'faq.jsonl#q/1',
      deleted: true,
      origin: 'api',
      chunks: 1,
    });
    expect(store.documents.has('faq.jsonl#q/1')).toBe(false);
    const again = await app.request(path, { method: 'DELETE', headers: bearer(ADMIN_KEY) });
    expect(again.status).toBe(404);
    expectErrorShape(await again.json(), 'INPUT_NOT_FOUND');
  });

  it('answers 423 with Retry-After while another process holds the index', async () => {
    // A store whose writer lock another process holds.
    const store = Object.assign(new MemoryIndexStore(), {
      beginWrite: async (): Promise<never> => {
        throw new KnowhowError('INDEX_LOCKED', 'The index is being written by the ingest of pid 42.', {
          details: { retryAfterSeconds: 5 },
        });
      },
    });
    const { app } = await setUp({ store });
    const response = await app.request('/v1/ingest', postJson({ records: [{ id: 'a', text: 'Text.' }] }));
    expect(response.status).toBe(423);
    expect(response.headers.get('retry-after')).toBe('5');
    expectErrorShape(await response.json(), 'INDEX_LOCKED');
  });
});

describe('ingest', () => {
  it('ingests JSON records, which retrieval then finds', async () => {
    const { app, store, dataDirectory } = await setUp();
    const response = await app.request(
      '/v1/ingest',
      postJson({
        records: [
          { id: 'faq-1', text: 'Passwords can be reset from the login page.', title: 'Password reset' },
          {
            id: 'faq-2',
            text: 'Invoices are emailed monthly.',
            groups: ['billing'],
            metadata: { lang: 'en' },
          },
        ],
        file: 'faq',
      }),
    );
    expect(response.status).toBe(200);
    const summary = (await response.json()) as Json;
    expect(summary).toMatchObject({ object: 'ingest.summary', added: 2, failed: 0 });
    expect([...store.documents.keys()]).toContain('faq.jsonl#faq-1');
    expect(store.documents.get('faq.jsonl#faq-2')?.groups).toEqual(['billing']);
    const again = (await (
      await app.request(
        '/v1/ingest',
        postJson({
          records: [
            { id: 'faq-1', text: 'Passwords can be reset from the login page.', title: 'Password reset' },
          ],
          file: 'faq',
        }),
      )
    ).json()) as Json;
    expect(again).toMatchObject({ unchanged: 1, added: 0, removed: 0 });
    expect(store.documents.has('faq.jsonl#faq-2')).toBe(true);
    expect(await readdir(path.join(dataDirectory, 'uploads'))).toEqual([]);
  });

  it('ingests uploaded files under their relative names', async () => {
    const { app, store } = await setUp();
    const form = new FormData();
    form.append(
      'files',
      new Blob(['# Shipping\n\nOrders ship within 2 business days.\n']),
      'policies/shipping.md',
    );
    form.append('files', new Blob(['binary']), 'image.png');
    const response = await app.request('/v1/ingest', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as Json;
    expect(summary.added).toBe(1);
    expect(summary.failures).toEqual([
      expect.objectContaining({ source: 'image.png', code: 'INPUT_INVALID' }),
    ]);
    expect(store.documents.get('policies/shipping.md')?.title).toBe('Shipping');
  });

  it('refuses traversal in file names before writing anything', async () => {
    const { app, store, dataDirectory } = await setUp();
    const before = store.documents.size;
    for (const name of [
      '../../escape.md',
      '/etc/passwd.md',
      'a/../../b.md',
      'C:\\x.md',
      '..\\..\\x.md',
      'ok\u0000.md',
    ]) {
      const form = new FormData();
      form.append('files', new Blob(['# Fine\n\nfine text']), 'fine.md');
      form.append('files', new Blob(['# Evil\n\nevil text']), name);
      const response = await app.request('/v1/ingest', { method: 'POST', body: form });
      expect(response.status, name).toBe(400);
      const body = (await response.json()) as Json;
      expectErrorShape(body, 'INPUT_INVALID');
      expect(body.error.param).toBe('files[1]');
    }
    expect(store.documents.size).toBe(before);
    await expect(readdir(path.join(dataDirectory, 'uploads'))).rejects.toThrow();
    await expect(readFile(path.join(dataDirectory, '..', 'escape.md'))).rejects.toThrow();
  });

  it('answers an upload once its rows are committed; the fold it may call for runs next in the write queue', async () => {
    // A fold after an upload took up to 5.6 s (bench serve-ingest, uploads #81, #113…): the
    // upload's answer must not wait for it.
    const events: string[] = [];
    let releaseFold = () => {};
    const foldReleased = new Promise<void>((resolve) => {
      releaseFold = resolve;
    });
    // Only the failing case uses this: there the upload waits for the fold, which never ends.
    const failSafe = setTimeout(() => releaseFold(), 2_000);
    const store = Object.assign(new MemoryIndexStore(), {
      async optimize(options: { full?: boolean; deferFold?: boolean } = {}) {
        if (options.deferFold) return;
        events.push('fold starts');
        await foldReleased;
        events.push('fold ends');
      },
    });
    const { app } = await setUp({ store });
    const response = await app.request('/v1/ingest', postJson({ records: [{ id: 'a', text: 'Text.' }] }));
    events.push(`answered ${response.status}`);
    releaseFold();
    clearTimeout(failSafe);
    await vi.waitFor(() => expect(events).toContain('fold ends'));
    expect(events).toEqual(['fold starts', 'answered 200', 'fold ends']);
  });

  it('answers 422 with the failures when nothing could be ingested', async () => {
    const { app } = await setUp();
    const form = new FormData();
    form.append('files', new Blob(['']), 'empty.md');
    const response = await app.request('/v1/ingest', { method: 'POST', body: form });
    expect(response.status).toBe(422);
    const body = (await response.json()) as Json;
    expectErrorShape(body, 'NOTHING_INGESTED');
    expect(body.failures[0]).toMatchObject({ source: 'empty.md' });
  });
});

describe('dashboard', () => {
  it('serves a self-contained page that loads nothing from elsewhere', async () => {
    const { app } = await setUp();
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<title>knowhow');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
  });
});

describe('the long-context architecture', () => {
  const experiments = {
    serve: {
      experiments: [
        {
          name: 'rag-vs-long',
          arms: [
            { model: 'rag', weight: 1 },
            { model: 'long-context', weight: 1 },
          ],
        },
      ],
    },
  };

  /** The extractive model, recording the documents of the passages it is given on each call. */
  function recordingModel(contextWindow?: number) {
    const base = createExtractiveLanguageModel();
    const given: string[][] = [];
    const record = (request: GenerateRequest) =>
      given.push([...new Set((request.context ?? []).map((passage) => passage.chunk.documentId))]);
    const model: LanguageModel = {
      ...base,
      contextWindow: contextWindow ?? base.contextWindow,
      doGenerate(request) {
        record(request);
        return base.doGenerate(request);
      },
      doStream(request) {
        record(request);
        return base.doStream(request);
      },
    };
    return { model, given };
  }

  it('answers an experiment arm that lands on long-context, with the arm recorded and metered', async () => {
    const { app, dataDirectory } = await setUp({ config: experiments });
    const response = await app.request(
      '/v1/chat/completions',
      postJson({ ...question, model: 'rag-vs-long' }, { 'x-knowhow-arm': 'long-context' }),
    );
    const body = (await response.json()) as Json;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(response.headers.get('x-knowhow-arm')).toBe('rag-vs-long/long-context');
    expect(body.model).toBe('long-context');
    expect(body.knowhow).toMatchObject({
      architecture: 'long-context',
      arm: { experiment: 'rag-vs-long', arm: 'long-context', overridden: true },
    });
    expect(body.choices[0].message.content).toContain('30 days');
    const logged = (await readFile(path.join(dataDirectory, 'experiments.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
    expect(logged).toEqual([
      expect.objectContaining({
        arm: 'long-context',
        responseId: body.id,
        promptTokens: body.usage.prompt_tokens,
        citationsValid: true,
      }),
    ]);
  });

  it('gives the model every readable document whole, cites them verified, and says what it packed', async () => {
    const { app, store } = await setUp();
    const listed = (await (await app.request('/v1/models')).json()) as Json;
    expect(listed.data.find((entry: Json) => entry.id === 'long-context').knowhow).toMatchObject({
      model: 'extractive:extractive',
      context: 'documents',
      retrieval: false,
    });
    const response = await app.request(
      '/v1/chat/completions',
      postJson({ ...question, model: 'long-context' }),
    );
    const body = (await response.json()) as Json;
    expect(body.choices[0].message.content).toMatch(/30 days.*\[\d\]/);
    expect(body.knowhow.invalid_markers).toEqual([]);
    expect(body.citations.map((citation: Json) => citation.document_id)).toContain('billing/refunds.md');
    // The loopback operator reads everything: all three documents fit the 32k window, unranked,
    // sized as generateAnswer packs them (header, text and framing per passage).
    const tokens = [...store.chunks.values()].reduce((total, chunk) => total + passageTokens(chunk), 0);
    expect(body.knowhow.long_context).toEqual({
      documents: 3,
      readable_documents: 3,
      tokens,
      readable_tokens: tokens,
      budget_tokens: expect.any(Number),
      ranked: false,
      passages: 3,
      dropped_passages: 0,
    });
    expect(body.knowhow.long_context.budget_tokens).toBeGreaterThan(30_000);
    // Metered like the others: the whole documents are in the prompt's tokens.
    const prompt = (await (
      await app.request('/v1/chat/completions', postJson({ ...question, model: 'prompt' }))
    ).json()) as Json;
    expect(body.usage.prompt_tokens).toBeGreaterThan(prompt.usage.prompt_tokens + 36);
  });

  it('streams the answer, then usage, citations and the packing', async () => {
    const { app } = await setUp();
    const response = await app.request(
      '/v1/chat/completions',
      postJson({ ...question, model: 'long-context', stream: true, stream_options: { include_usage: true } }),
    );
    const events = parseEvents(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as Json);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    expect(text).toContain('30 days');
    expect(chunks.every((chunk) => chunk.model === 'long-context')).toBe(true);
    expect(chunks.find((chunk) => chunk.usage)?.usage.prompt_tokens).toBeGreaterThan(0);
    const last = chunks.at(-1)!;
    expect(last.citations[0].document_id).toBe('billing/refunds.md');
    expect(last.knowhow).toMatchObject({
      architecture: 'long-context',
      long_context: { documents: 3, ranked: false },
    });
  });

  it("packs only the key's own documents, whoever asked before (a shared cache would leak)", async () => {
    const { model, given } = recordingModel();
    const { app } = await setUp({
      keys: [SUPPORT_KEY, PUBLIC_KEY, ADMIN_KEY],
      overrides: { models: { answer: model } },
    });
    const ask = async (key: typeof PUBLIC_KEY, stream = false) => {
      const response = await app.request(
        '/v1/chat/completions',
        postJson(
          {
            model: 'long-context',
            messages: [{ role: 'user', content: 'Refund of relocation costs or refund disputes?' }],
            stream,
          },
          bearer(key),
        ),
      );
      expect(response.status).toBe(200);
      return stream ? ((await response.text()) as unknown as Json) : ((await response.json()) as Json);
    };
    const support = await ask(SUPPORT_KEY);
    const website = await ask(PUBLIC_KEY);
    const admin = await ask(ADMIN_KEY, true);
    expect(given).toEqual([
      ['billing/refunds.md', 'internal/runbook.md'],
      ['billing/refunds.md'],
      // admin is a role, not a reader of restricted groups
      ['billing/refunds.md'],
    ]);
    expect(support.knowhow.long_context).toMatchObject({ documents: 2, readable_documents: 2 });
    expect(website.knowhow.long_context).toMatchObject({ documents: 1, readable_documents: 1 });
    for (const text of [JSON.stringify(website), admin as string]) {
      expect(text).not.toContain('runbook');
      expect(text).not.toContain('5000 euros');
    }
  });

  it('ranks whole documents by retrieval when they exceed the window, and says so', async () => {
    const store = new MemoryIndexStore();
    const texts: Record<string, string> = {
      'a/shipping.md': 'Parcels ship within two working days from the warehouse in Lisbon.',
      'b/refunds.md': 'Refunds are granted within 30 days of purchase for every plan.',
      'c/warranty.md': 'The warranty lasts two years from the delivery date of the device.',
    };
    const sizes = new Map<string, number>();
    for (const [id, text] of Object.entries(texts)) {
      const chunk = makeChunk(id, 0, text);
      store.chunks.set(chunk.id, chunk);
      store.documents.set(id, makeRecord(id, 1));
      sizes.set(id, passageTokens(chunk));
    }
    // Room for the refunds document alone: any second one would overflow.
    const budget = sizes.get('b/refunds.md')! + 5;
    const asked = 'How many days do I have for refunds?';
    const window = 1024 + 400 + estimateTokens(asked) + budget;
    const { model, given } = recordingModel(window);
    const { app } = await setUp({ store, overrides: { models: { answer: model } } });
    const response = await app.request(
      '/v1/chat/completions',
      postJson({ model: 'long-context', messages: [{ role: 'user', content: asked }] }),
    );
    const body = (await response.json()) as Json;
    expect(body.knowhow.long_context).toEqual({
      documents: 1,
      readable_documents: 3,
      tokens: sizes.get('b/refunds.md'),
      readable_tokens: [...sizes.values()].reduce((total, size) => total + size, 0),
      budget_tokens: budget,
      ranked: true,
      passages: 1,
      dropped_passages: 0,
    });
    expect(given).toEqual([['b/refunds.md']]);
    expect(body.citations.map((citation: Json) => citation.document_id)).toEqual(['b/refunds.md']);
    // The request's max tokens come out of the budget, as generateAnswer keeps them back.
    const shorter = (await (
      await app.request(
        '/v1/chat/completions',
        postJson({ model: 'long-context', messages: [{ role: 'user', content: asked }], max_tokens: 200 }),
      )
    ).json()) as Json;
    expect(shorter.knowhow.long_context).toMatchObject({
      budget_tokens: budget + 1024 - 200,
      documents: 3,
      ranked: false,
    });
  });

  it('sees documents ingested and deleted through the API on the next question', async () => {
    const { app } = await setUp({ keys: [ADMIN_KEY, PUBLIC_KEY] });
    const ask = async () =>
      (await (
        await app.request(
          '/v1/chat/completions',
          postJson(
            { model: 'long-context', messages: [{ role: 'user', content: 'When are invoices emailed?' }] },
            bearer(PUBLIC_KEY),
          ),
        )
      ).json()) as Json;
    expect((await ask()).knowhow.long_context.documents).toBe(1);
    await app.request(
      '/v1/ingest',
      postJson(
        { records: [{ id: 'q/1', text: 'Invoices are emailed monthly.' }], file: 'faq' },
        bearer(ADMIN_KEY),
      ),
    );
    const after = await ask();
    expect(after.knowhow.long_context.documents).toBe(2);
    expect(after.choices[0].message.content).toContain('emailed monthly');
    await app.request(`/v1/documents/${encodeURIComponent('faq.jsonl#q/1')}`, {
      method: 'DELETE',
      headers: bearer(ADMIN_KEY),
    });
    expect((await ask()).knowhow.long_context.documents).toBe(1);
  });
});

describe('shutdown', () => {
  it('hands the server a stop for its index maintenance: a pass under way ends before the store closes, none starts after', async () => {
    const store = new MemoryIndexStore();
    let optimizing = 0;
    let finished = 0;
    let releaseFold: () => void = () => {};
    Object.assign(store, {
      measureLag: async () => ({ unindexedRows: 10_000, foldDue: true }),
      optimize: async () => {
        optimizing++;
        await new Promise<void>((resolve) => {
          releaseFold = resolve;
        });
        finished++;
      },
    });
    const stops: (() => Promise<void>)[] = [];
    const built = await buildTestApp({
      store,
      overrides: { maintenanceIdleMs: 20, onShutdown: (stop) => stops.push(stop) },
    });
    try {
      await vi.waitFor(() => expect(optimizing).toBe(1));
      expect(stops).toHaveLength(1);
      const stopped = stops[0]!();
      let done = false;
      void stopped.then(() => {
        done = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(done).toBe(false);
      releaseFold();
      await stopped;
      expect(finished).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(optimizing).toBe(1);
    } finally {
      await built.cleanup();
    }
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunk/index.js';
import { configSchema } from '../../src/core/config/schema.js';
import { LanceIndexStore } from '../../src/index/index.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { createExtractiveLanguageModel } from '../../src/providers/extractive/index.js';
import { createServeApp, type RunningServer, startServer } from '../../src/serve/index.js';

const SUPPORT = { name: 'support-bot', key: 'sk-e2e-support-0123456789', groups: ['support'] };
const WEBSITE = { name: 'website', key: 'sk-e2e-website-0123456789', groups: [] };
const ADMIN = { name: 'ops', key: 'sk-e2e-admin-0123456789', groups: ['admin'] };

const documents: Record<string, string> = {
  'billing/refunds.md':
    '# Refunds\n\n## Refund window\n\nCustomers can ask for a refund within 30 days of the purchase date.\n\n## How to ask\n\nWrite to billing with the invoice number.\n',
  'account/two-factor.md':
    '# Two-factor authentication\n\nTurn on two-factor authentication under Settings, Security. Recovery codes are shown once.\n',
  'internal/escalation.md':
    '---\ngroups: [support]\n---\n# Escalation runbook\n\nEscalate refund disputes over 500 dollars to the duty manager within 4 hours.\n',
};

let directory: string;
let store: LanceIndexStore;
let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
  const docs = path.join(directory, 'docs');
  for (const [id, text] of Object.entries(documents)) {
    await mkdir(path.dirname(path.join(docs, id)), { recursive: true });
    await writeFile(path.join(docs, id), text);
  }
  const config = configSchema.parse({ serve: { keys: [] } });
  store = await LanceIndexStore.open({ directory: path.join(directory, '.knowhow', 'index') });
  const chunk = (document: Parameters<typeof chunkDocument>[0]) =>
    chunkDocument(document, { maxTokens: config.chunk.maxTokens, overlapTokens: config.chunk.overlapTokens });
  await runIngest({ paths: [docs], cwd: directory, config: config.ingest, store, chunk });
  const app = createServeApp({
    store,
    models: { answer: createExtractiveLanguageModel() },
    config,
    dataDirectory: path.join(directory, '.knowhow'),
    runsDirectory: path.join(directory, '.knowhow', 'runs'),
    feedbackFile: path.join(directory, '.knowhow', 'feedback.jsonl'),
    keys: [SUPPORT, WEBSITE, ADMIN],
    chunk,
  });
  server = await startServer({ app, host: '127.0.0.1', port: 0 });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: SUPPORT.key, maxRetries: 0 });
});

afterAll(async () => {
  await server?.close({ graceMs: 1000 });
  await store?.close();
  await rm(directory, { recursive: true, force: true });
});

interface CitationField {
  citations: {
    marker: number;
    document_id: string;
    chunk_id: string;
    title: string;
    heading_path: string[];
  }[];
}

describe('the official openai SDK against knowhow serve', () => {
  it('lists the served architectures', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['rag', 'prompt', 'long-context']);
    expect(models.data[0]).toMatchObject({ object: 'model', owned_by: 'knowhow' });
  });

  it('answers chat.completions.create with citations beside the message', async () => {
    const completion = await client.chat.completions.create({
      model: 'rag',
      messages: [
        { role: 'system', content: 'Answer from the help centre.' },
        { role: 'user', content: 'How many days do customers have to ask for a refund?' },
      ],
      max_tokens: 200,
    });
    const content = completion.choices[0]?.message.content ?? '';
    expect(content).toContain('30 days');
    expect(content).toMatch(/\[\d+\]/);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    const { citations } = completion as unknown as CitationField;
    expect(citations.length).toBeGreaterThan(0);
    expect(citations[0]).toMatchObject({ document_id: 'billing/refunds.md', title: 'Refunds' });
    expect(citations[0]?.heading_path).toEqual(['Refunds', 'Refund window']);
    for (const marker of content.match(/\[(\d+)\]/g) ?? []) {
      expect(citations.map((citation) => `[${citation.marker}]`)).toContain(marker);
    }
  });

  it('streams with stream: true, ending with usage and the citations', async () => {
    const stream = await client.chat.completions.create({
      model: 'rag',
      messages: [{ role: 'user', content: 'How many days do customers have to ask for a refund?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    let citations: CitationField['citations'] | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
      const extra = chunk as unknown as Partial<CitationField>;
      if (extra.citations) citations = extra.citations;
    }
    expect(text).toContain('30 days');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(citations?.[0]?.document_id).toBe('billing/refunds.md');
  });

  it("cites restricted documents only for keys in the document's groups", async () => {
    const question = { role: 'user' as const, content: 'Who handles refund disputes over 500 dollars?' };
    const support = (await client.chat.completions.create({
      model: 'rag',
      messages: [question],
    })) as unknown as CitationField;
    expect(support.citations.map((citation) => citation.document_id)).toContain('internal/escalation.md');
    const website = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: WEBSITE.key, maxRetries: 0 });
    const answer = await website.chat.completions.create({ model: 'rag', messages: [question] });
    const cited = (answer as unknown as CitationField).citations.map((citation) => citation.document_id);
    expect(cited).not.toContain('internal/escalation.md');
    expect(answer.choices[0]?.message.content ?? '').not.toContain('duty manager');
  });

  it("answers long-context from the key's whole documents (LanceDB), streaming or not", async () => {
    interface LongContextField {
      knowhow: { architecture: string; long_context: { documents: number; ranked: boolean } };
    }
    const question = { role: 'user' as const, content: 'Who handles refund disputes over 500 dollars?' };
    const support = (await client.chat.completions.create({
      model: 'long-context',
      messages: [question],
    })) as unknown as CitationField & LongContextField & OpenAI.ChatCompletion;
    expect(support.model).toBe('long-context');
    expect(support.knowhow.long_context).toMatchObject({ documents: 3, ranked: false });
    expect(support.citations.map((citation) => citation.document_id)).toContain('internal/escalation.md');
    expect(support.choices[0]?.message.content).toContain('duty manager');

    const website = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: WEBSITE.key, maxRetries: 0 });
    const stream = await website.chat.completions.create({
      model: 'long-context',
      messages: [question],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let tail: Partial<CitationField & LongContextField> = {};
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
      const extra = chunk as unknown as Partial<CitationField & LongContextField>;
      if (extra.knowhow) tail = extra;
    }
    expect(tail.knowhow?.long_context).toMatchObject({ documents: 2, ranked: false });
    expect(tail.citations?.map((citation) => citation.document_id)).not.toContain('internal/escalation.md');
    expect(text).not.toContain('duty manager');
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('ingests uploads through POST /v1/ingest into the same index, incrementally', async () => {
    const upload = async () => {
      const form = new FormData();
      form.append(
        'files',
        new Blob(['# Shipping\n\nOrders ship within 2 business days from our Lisbon warehouse.\n']),
        'shipping/times.md',
      );
      form.append(
        'files',
        new Blob([
          '---\ngroups: [support]\n---\n# Carrier contacts\n\nThe Lisbon warehouse carrier hotline is 555-0100.\n',
        ]),
        'shipping/carriers.md',
      );
      const response = await fetch(`${server.url}/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN.key}` },
        body: form,
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { added: number; unchanged: number; failed: number };
    };
    expect(await upload()).toMatchObject({ added: 2, failed: 0 });
    expect(await upload()).toMatchObject({ added: 0, unchanged: 2 });
    const completion = (await client.chat.completions.create({
      model: 'rag',
      messages: [{ role: 'user', content: 'How fast do orders ship from the Lisbon warehouse?' }],
    })) as unknown as CitationField & OpenAI.ChatCompletion;
    expect(completion.citations.map((citation) => citation.document_id)).toContain('shipping/times.md');
    const website = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: WEBSITE.key, maxRetries: 0 });
    const answer = (await website.chat.completions.create({
      model: 'rag',
      messages: [{ role: 'user', content: 'What is the Lisbon warehouse carrier hotline?' }],
    })) as unknown as CitationField;
    expect(answer.citations.map((citation) => citation.document_id)).not.toContain('shipping/carriers.md');
  });

  it('throws AuthenticationError (401, our code) for a wrong key', async () => {
    const wrong = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-wrong-key-000000', maxRetries: 0 });
    const failure = await wrong.chat.completions
      .create({ model: 'rag', messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(failure).toMatchObject({ status: 401, code: 'UNAUTHORIZED', type: 'unauthorized' });
    expect((failure as Error).message).toContain('Unknown API key');
  });

  it('surfaces an unknown model as NotFoundError and a bad role as BadRequestError', async () => {
    const unknown = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown).toMatchObject({ code: 'INPUT_NOT_FOUND', param: 'model' });
    const badRole = await client.chat.completions
      .create({ model: 'rag', messages: [{ role: 'tool', content: 'x', tool_call_id: '1' }] })
      .catch((error: unknown) => error);
    expect(badRole).toBeInstanceOf(OpenAI.BadRequestError);
    expect(badRole).toMatchObject({ code: 'INPUT_INVALID', param: 'messages[0].role' });
  });
});

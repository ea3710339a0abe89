import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LanguageModel, StreamPart } from '../providers/spec.js';
import { buildTestApp, postJson, seedStore, type TestApp } from './__fixtures__/build-test-app.js';
import { MemoryIndexStore } from './__fixtures__/memory-index-store.js';
import { isLoopbackHost, type RunningServer, startServer } from './start-server.js';

/** Streams one word every 10 ms; records how far it got, so a test can see generation stop. */
function createSlowModel(words = 200): LanguageModel & { yielded: number; finished: boolean } {
  const model = {
    provider: 'test',
    modelId: 'slow',
    contextWindow: 8192,
    capabilities: { streaming: true, jsonSchema: false, extractive: false },
    yielded: 0,
    finished: false,
    async doGenerate() {
      return {
        text: 'word '.repeat(5),
        usage: { promptTokens: 1, completionTokens: 5 },
        finishReason: 'stop' as const,
      };
    },
    async *doStream(request: { signal?: AbortSignal }): AsyncIterable<StreamPart> {
      for (let i = 0; i < words; i++) {
        request.signal?.throwIfAborted();
        await new Promise((resolve) => setTimeout(resolve, 10));
        model.yielded++;
        yield { type: 'text-delta', text: `word${i} ` };
      }
      model.finished = true;
      yield { type: 'finish', usage: { promptTokens: 1, completionTokens: words }, finishReason: 'stop' };
    },
  };
  return model;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(built: TestApp): Promise<RunningServer> {
  const server = await startServer({ app: built.app, host: '127.0.0.1', port: 0 });
  cleanups.push(built.cleanup, () => server.close({ graceMs: 100 }));
  return server;
}

describe('startServer', () => {
  it('finishes in-flight requests on close, then refuses new connections', async () => {
    const store = new MemoryIndexStore();
    seedStore(store);
    store.delayMs = 300;
    const built = await buildTestApp({ store });
    const server = await serve(built);
    const pending = fetch(`${server.url}/v1/search`, postJson({ query: 'refund' }));
    // Wait for the request to arrive rather than a fixed 80 ms, which a loaded machine outran.
    await vi.waitFor(() => expect(server.inFlight()).toBe(1));
    const closing = server.close();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    await closing;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('lets an in-flight stream finish when closing', async () => {
    const model = createSlowModel(20);
    const built = await buildTestApp({ overrides: { models: { answer: model } } });
    const server = await serve(built);
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      ...postJson({ model: 'rag', stream: true, messages: [{ role: 'user', content: 'refund window' }] }),
    });
    const closing = server.close();
    const text = await response.text();
    await closing;
    expect(model.finished).toBe(true);
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('stops generating when a client disconnects mid-stream, and keeps serving', async () => {
    const model = createSlowModel();
    const built = await buildTestApp({ overrides: { models: { answer: model } } });
    const server = await serve(built);
    const controller = new AbortController();
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      ...postJson({ model: 'rag', stream: true, messages: [{ role: 'user', content: 'refund window' }] }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stoppedAt = model.yielded;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(model.finished).toBe(false);
    expect(model.yielded).toBe(stoppedAt);
    expect(model.yielded).toBeLessThan(60);
    expect(server.inFlight()).toBe(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const next = await fetch(`${server.url}/v1/search`, postJson({ query: 'refund' }));
    expect(next.status).toBe(200);
    expect(built.logs).toEqual([]);
  });

  it('reports a port in use as a usage error', async () => {
    const built = await buildTestApp();
    const server = await serve(built);
    await expect(startServer({ app: built.app, host: '127.0.0.1', port: server.port })).rejects.toMatchObject(
      {
        code: 'USAGE',
      },
    );
  });
});

describe('isLoopbackHost', () => {
  it('accepts loopback names only', () => {
    expect(['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.4', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});

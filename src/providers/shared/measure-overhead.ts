import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAICompatibleLanguageModel } from '../openai-compatible/language-model.js';
import type { GenerateRequest } from '../spec.js';
import { createMemoryResponseCache } from './response-cache.js';
import { createUsageMeter } from './usage-meter.js';
import { wrapLanguageModel } from './wrap-language-model.js';

export interface ProviderOverheadOptions {
  /** Calls per measured run. Default 1000. */
  calls?: number;
  /** Calls in flight at once. Default 8. */
  concurrency?: number;
  /** Measured runs of each kind, alternated so that load changes hit both; medians are reported. Default 5. */
  rounds?: number;
}

export interface OverheadSide {
  /** Mean time from issuing a call to its result (includes waiting behind the other calls in flight). */
  meanLatencyMs: number;
  /** Wall time of the run divided by its calls: the cost of one call to the process. */
  wallMsPerCall: number;
  callsPerSecond: number;
}

export interface ProviderOverheadResult {
  calls: number;
  concurrency: number;
  rounds: number;
  /** A bare `fetch` + `response.json()` against the same server. */
  raw: OverheadSide;
  /** `doGenerate` through the real provider and the whole shared layer. */
  wrapped: OverheadSide;
  /**
   * What the provider layer adds to each call: wrapped − raw wall time per call. With calls in
   * flight at once this is the honest figure; the latency difference also counts the queueing
   * that the added work causes for the other calls in flight, so it is about `concurrency` times larger.
   */
  overheadMs: number;
  overheadLatencyMs: number;
}

const completionBody = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1741569952,
  model: 'bench-model',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: '30 days from the purchase date [1].' },
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 },
});

/** A minimal chat-completions server in this process, so that both sides pay the same server cost. */
async function startCompletionServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(completionBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function runCalls(
  calls: number,
  concurrency: number,
  call: (index: number) => Promise<unknown>,
): Promise<OverheadSide> {
  let next = 0;
  let latencyTotal = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < calls) {
      const index = next++;
      const callStarted = performance.now();
      await call(index);
      latencyTotal += performance.now() - callStarted;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  return {
    meanLatencyMs: latencyTotal / calls,
    wallMsPerCall: elapsed / calls,
    callsPerSecond: (calls * 1000) / elapsed,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function summarize(runs: OverheadSide[]): OverheadSide {
  return {
    meanLatencyMs: median(runs.map((run) => run.meanLatencyMs)),
    wallMsPerCall: median(runs.map((run) => run.wallMsPerCall)),
    callsPerSecond: median(runs.map((run) => run.callsPerSecond)),
  };
}

/**
 * Measures what the provider layer (request building, response parsing, retry/timeout/concurrency
 * bookkeeping, usage metering, cache-key hashing) adds per call over a bare fetch, against a local
 * server so that no network noise hides it. Every wrapped call is a cache miss: each request differs.
 */
export async function measureProviderOverhead(
  options: ProviderOverheadOptions = {},
): Promise<ProviderOverheadResult> {
  const calls = options.calls ?? 1000;
  const concurrency = options.concurrency ?? 8;
  const rounds = options.rounds ?? 5;
  const server = await startCompletionServer();
  try {
    const requestFor = (index: number): GenerateRequest => ({
      messages: [
        { role: 'system', content: 'Answer briefly and cite sources as [n].' },
        { role: 'user', content: `How long is the refund window? (${index})` },
      ],
      maxTokens: 64,
      temperature: 0,
    });
    const rawCall = async (index: number) => {
      const request = requestFor(index);
      const response = await fetch(`${server.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
        body: JSON.stringify({
          model: 'bench-model',
          messages: request.messages,
          max_tokens: request.maxTokens,
          temperature: request.temperature,
        }),
      });
      return response.json();
    };
    const model = wrapLanguageModel(
      createOpenAICompatibleLanguageModel({ model: 'bench-model', baseURL: server.url, apiKey: 'bench' }),
      { concurrency, meter: createUsageMeter(), cache: createMemoryResponseCache() },
    );
    const wrappedCall = (index: number) => model.doGenerate(requestFor(index));

    // Warm both paths (connection pool, JIT) before measuring.
    await runCalls(Math.min(200, calls), concurrency, rawCall);
    await runCalls(Math.min(200, calls), concurrency, (index) => wrappedCall(-1 - index));

    const rawRuns: OverheadSide[] = [];
    const wrappedRuns: OverheadSide[] = [];
    for (let round = 0; round < rounds; round++) {
      rawRuns.push(await runCalls(calls, concurrency, rawCall));
      wrappedRuns.push(await runCalls(calls, concurrency, (index) => wrappedCall(round * calls + index)));
    }
    const raw = summarize(rawRuns);
    const wrapped = summarize(wrappedRuns);
    return {
      calls,
      concurrency,
      rounds,
      raw,
      wrapped,
      overheadMs: wrapped.wallMsPerCall - raw.wallMsPerCall,
      overheadLatencyMs: wrapped.meanLatencyMs - raw.meanLatencyMs,
    };
  } finally {
    await server.close();
  }
}

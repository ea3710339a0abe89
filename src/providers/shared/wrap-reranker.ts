import type { Reranker, RerankRequest } from '../spec.js';
import { createCallPolicy, type ModelCallOptions } from './call-policy.js';
import { runCachedCall } from './run-cached-call.js';

type RerankResult = Awaited<ReturnType<Reranker['doRerank']>>;

function isRerankResult(value: unknown): value is RerankResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as RerankResult).scores);
}

/** Adds retries, timeout, a concurrency limit, usage metering and the response cache to a reranker. */
export function wrapReranker(model: Reranker, options: ModelCallOptions = {}): Reranker {
  const policy = createCallPolicy(model, options);
  async function doRerank(request: RerankRequest): Promise<RerankResult> {
    const { result } = await runCachedCall({
      model,
      policy,
      kind: 'rerank',
      request,
      isResult: isRerankResult,
      call: (signal) => model.doRerank({ ...request, signal }),
      tokensOf: (ranked) => ranked.usage?.tokens ?? 0,
    });
    return result;
  }
  return { provider: model.provider, modelId: model.modelId, doRerank };
}

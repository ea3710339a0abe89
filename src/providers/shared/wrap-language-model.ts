import type { KnowhowError } from '../../core/errors.js';
import type { TokenUsage } from '../../core/types.js';
import type { FinishReason, GenerateRequest, GenerateResult, LanguageModel, StreamPart } from '../spec.js';
import { createAttemptSignal } from './attempt-signal.js';
import { createCallPolicy, type ModelCallOptions, noteAttempts } from './call-policy.js';
import { createProviderResponseError } from './provider-error.js';
import { computeCacheKey } from './response-cache.js';

interface CachedGeneration {
  text: string;
  usage: TokenUsage;
  finishReason: FinishReason;
  extractive?: boolean;
}

function isCachedGeneration(value: unknown): value is CachedGeneration {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<CachedGeneration>;
  return (
    typeof entry.text === 'string' &&
    typeof entry.finishReason === 'string' &&
    typeof entry.usage?.promptTokens === 'number' &&
    typeof entry.usage.completionTokens === 'number'
  );
}

function toCached(result: GenerateResult): CachedGeneration {
  return {
    text: result.text,
    usage: result.usage,
    finishReason: result.finishReason,
    ...(result.extractive === undefined ? {} : { extractive: result.extractive }),
  };
}

/**
 * Adds retries, timeout, a concurrency limit, usage metering and the response cache to any
 * language model. Generate and stream share cache entries: a finished stream answers a later
 * generate and the other way round.
 */
export function wrapLanguageModel(model: LanguageModel, options: ModelCallOptions = {}): LanguageModel {
  const policy = createCallPolicy(model, options);
  const { cache, meter } = policy;

  const keyFor = (request: GenerateRequest) =>
    computeCacheKey({
      provider: model.provider,
      model: model.modelId,
      endpoint: policy.endpoint,
      kind: 'language',
      request,
    });

  const recordUsage = (usage: TokenUsage, cached: boolean) =>
    meter?.record({ provider: model.provider, model: model.modelId, ...usage, cached });
  const recordFailure = (error: KnowhowError) => {
    if (error.code !== 'CANCELLED') meter?.recordFailure({ provider: model.provider, model: model.modelId });
  };

  const lookup = async (key: string | undefined): Promise<CachedGeneration | undefined> => {
    if (cache === undefined || key === undefined) return undefined;
    const value = await cache.get(key).catch(() => undefined);
    return isCachedGeneration(value) ? value : undefined;
  };

  const store = async (key: string | undefined, value: CachedGeneration) => {
    // A failed or cut-off answer is never replayed.
    if (cache === undefined || key === undefined || value.finishReason === 'error') return;
    await cache.set(key, value).catch(() => {});
  };

  async function doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    const key = cache === undefined ? undefined : keyFor(request);
    const hit = await lookup(key);
    if (hit !== undefined) {
      recordUsage(hit.usage, true);
      return { ...hit, cached: true };
    }
    let result: GenerateResult;
    try {
      result = await policy.run(request.signal, (signal) => model.doGenerate({ ...request, signal }));
    } catch (error) {
      recordFailure(error as KnowhowError);
      throw error;
    }
    recordUsage(result.usage, false);
    await store(key, toCached(result));
    return result;
  }

  async function* doStream(request: GenerateRequest): AsyncGenerator<StreamPart> {
    const callerSignal = request.signal;
    const key = cache === undefined ? undefined : keyFor(request);
    const hit = await lookup(key);
    if (hit !== undefined) {
      recordUsage(hit.usage, true);
      if (hit.text !== '') yield { type: 'text-delta', text: hit.text };
      yield {
        type: 'finish',
        usage: hit.usage,
        finishReason: hit.finishReason,
        cached: true,
        ...(hit.extractive === undefined ? {} : { extractive: hit.extractive }),
      };
      return;
    }

    const release = await policy.acquire(callerSignal);
    try {
      for (let attempt = 0; ; attempt++) {
        const attemptSignal = createAttemptSignal({ callerSignal, timeoutMs: policy.timeoutMs });
        let text = '';
        let emitted = false;
        let failure: KnowhowError;
        try {
          for await (const part of model.doStream({ ...request, signal: attemptSignal.signal })) {
            attemptSignal.pause();
            if (part.type === 'text-delta') {
              emitted = true;
              text += part.text;
              yield part;
            } else {
              recordUsage(part.usage, false);
              await store(key, {
                text,
                usage: part.usage,
                finishReason: part.finishReason,
                ...(part.extractive === undefined ? {} : { extractive: part.extractive }),
              });
              yield part;
              return;
            }
            attemptSignal.resume();
          }
          throw createProviderResponseError(policy.context, {
            message: 'the stream ended without a finish event.',
            hint: 'The server closed the stream early; try again, or use a non-streaming call.',
          });
        } catch (error) {
          failure = policy.classify(error, { timedOut: attemptSignal.timedOut, callerSignal });
        } finally {
          attemptSignal.dispose();
        }
        // Once text has reached the consumer a retry would repeat it, so only a silent failure is retried.
        const delay = emitted ? undefined : policy.delayBeforeRetry(failure, attempt);
        if (delay === undefined) {
          recordFailure(failure);
          throw noteAttempts(failure, attempt + 1);
        }
        await policy.wait(delay, callerSignal);
      }
    } finally {
      release();
    }
  }

  const wrapped: LanguageModel = {
    provider: model.provider,
    modelId: model.modelId,
    get contextWindow() {
      return model.contextWindow;
    },
    capabilities: model.capabilities,
    doGenerate,
    doStream,
    ...(model.countTokens === undefined ? {} : { countTokens: model.countTokens.bind(model) }),
  };
  return wrapped;
}

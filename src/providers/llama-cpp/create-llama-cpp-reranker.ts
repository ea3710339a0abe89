import type { LlamaModel, LlamaRankingContext } from 'node-llama-cpp';
import type { Reranker, RerankRequest } from '../spec.js';
import { contextLifecycle, createNativeContext } from './context-lifecycle.js';
import { createLazyLoad } from './lazy-load.js';
import {
  cancelledError,
  createLlamaCppError,
  LLAMA_CPP_PROVIDER,
  type LlamaCppErrorContext,
  messageOf,
  settingOf,
} from './llama-cpp-error.js';
import type { LlamaCppModelOptions } from './llama-cpp-options.js';
import { resolveThreadCount } from './load-llama.js';
import { loadConfiguredModel } from './load-llama-model.js';
import { createSerialQueue } from './serial-queue.js';

export type LlamaCppRerankerOptions = LlamaCppModelOptions;

export interface LlamaCppReranker extends Reranker {
  load(): Promise<void>;
  dispose(): Promise<void>;
}

const defaultContextCap = 2048;

interface LoadedReranker {
  model: LlamaModel;
  context: LlamaRankingContext;
}

/** Scores query–document pairs with a reranker GGUF (a cross-encoder with a classification head). */
export function createLlamaCppReranker(options: LlamaCppRerankerOptions): LlamaCppReranker {
  const errorContext: LlamaCppErrorContext = {
    model: options.model,
    configKey: options.configKey ?? 'models.rerank',
  };
  const threads = resolveThreadCount(options.threads);
  const queue = createSerialQueue();

  const loader = createLazyLoad(async (): Promise<LoadedReranker> => {
    const { model, setting, filePath } = await loadConfiguredModel(options, errorContext, threads);
    if (!model.fileInsights.supportsRanking) {
      throw createLlamaCppError(errorContext, {
        code: 'PROVIDER_CONFIG',
        setting,
        message:
          `${filePath} is not a reranker: it has no classification head (no cls / cls.output tensor), ` +
          'so it cannot score query–document pairs.',
        hint:
          `Set ${setting} to a reranker GGUF (e.g. a bge-reranker or Qwen3-Reranker build), ` +
          'or turn reranking off with retrieve.rerank.enabled: false.',
        details: { file: filePath },
      });
    }
    const contextSize = options.contextSize ?? Math.min(model.trainContextSize, defaultContextCap);
    const context = await createNativeContext(errorContext, {
      what: 'a ranking context',
      hint: `Lower ${settingOf(errorContext, 'contextSize')} in knowhow.yaml, or set ${setting} to another reranker.`,
      create: () =>
        model.createRankingContext({ contextSize, ...(threads === undefined ? {} : { threads }) }),
    });
    return { model, context };
  });

  return {
    provider: LLAMA_CPP_PROVIDER,
    modelId: options.model,
    async doRerank(request: RerankRequest) {
      const { signal } = request;
      const loaded = await loader.get();
      return queue.run(async () => {
        if (signal?.aborted) throw cancelledError(signal.reason);
        let scores: number[];
        try {
          // A document longer than the context is scored by its best-scoring chunk rather than rejected.
          scores = await loaded.context.rankAll(request.query, request.documents, { onOverflow: 'maxChunk' });
        } catch (error) {
          throw createLlamaCppError(errorContext, {
            code: 'PROVIDER_RESPONSE',
            setting: settingOf(errorContext, 'contextSize'),
            message: `reranking failed: ${messageOf(error)}.`,
            hint: `Raise ${settingOf(errorContext, 'contextSize')} in knowhow.yaml if the query is long, or check the model.`,
            cause: error,
          });
        }
        const queryTokens = loaded.model.tokenize(request.query).length;
        const tokens = request.documents.reduce(
          (sum, document) => sum + queryTokens + loaded.model.tokenize(document).length,
          0,
        );
        return { scores, usage: { tokens } };
      });
    },
    ...contextLifecycle(loader, queue),
  };
}

import type { LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import type { EmbeddingModel, EmbedRequest, EmbedResult } from '../spec.js';
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

export interface LlamaCppEmbeddingModelOptions extends LlamaCppModelOptions {
  /** Values per doEmbed call the caller should send; they are embedded one after another. */
  maxBatchSize?: number;
  /** Instruction prefixes some embedding models expect (e.g. nomic: "search_query: " / "search_document: "). */
  queryPrefix?: string;
  documentPrefix?: string;
  /** Scale each vector to unit length (default true), so cosine and dot product agree. */
  normalize?: boolean;
}

export interface LlamaCppEmbeddingModel extends EmbeddingModel {
  load(): Promise<void>;
  dispose(): Promise<void>;
}

/** Chunks are a few hundred tokens; a larger context only costs memory. */
const defaultContextCap = 2048;

interface LoadedEmbeddingModel {
  model: LlamaModel;
  context: LlamaEmbeddingContext;
  contextSize: number;
}

function normalizeVector(vector: readonly number[]): number[] {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const length = Math.sqrt(sum);
  return length === 0 ? [...vector] : vector.map((value) => value / length);
}

/** Embeddings from an embedding GGUF (one with a pooling type, e.g. nomic-embed, bge, e5) via node-llama-cpp. */
export function createLlamaCppEmbeddingModel(options: LlamaCppEmbeddingModelOptions): LlamaCppEmbeddingModel {
  const errorContext: LlamaCppErrorContext = {
    model: options.model,
    configKey: options.configKey ?? 'models.embed',
  };
  const threads = resolveThreadCount(options.threads);
  const queue = createSerialQueue();

  const loader = createLazyLoad(async (): Promise<LoadedEmbeddingModel> => {
    const { model, setting } = await loadConfiguredModel(options, errorContext, threads);
    const contextSize = options.contextSize ?? Math.min(model.trainContextSize, defaultContextCap);
    const context = await createNativeContext(errorContext, {
      what: 'an embedding context',
      hint: `Set ${setting} to an embedding GGUF, or lower ${settingOf(errorContext, 'contextSize')}.`,
      create: () =>
        model.createEmbeddingContext({ contextSize, ...(threads === undefined ? {} : { threads }) }),
    });
    return { model, context, contextSize };
  });

  async function embedOne(loaded: LoadedEmbeddingModel, text: string, index: number): Promise<number[]> {
    try {
      const embedding = await loaded.context.getEmbeddingFor(text);
      return options.normalize === false ? [...embedding.vector] : normalizeVector(embedding.vector);
    } catch (error) {
      const tooLong = /longer than the usable context/i.test(messageOf(error));
      throw createLlamaCppError(errorContext, {
        code: tooLong ? 'INPUT_TOO_LARGE' : 'PROVIDER_RESPONSE',
        setting: settingOf(errorContext, 'contextSize'),
        message: tooLong
          ? `value ${index} is ${loaded.context.calculateInputLength(text)} tokens, more than the ${loaded.contextSize}-token context.`
          : `embedding value ${index} failed: ${messageOf(error)}.`,
        hint: tooLong
          ? `Raise ${settingOf(errorContext, 'contextSize')} in knowhow.yaml, or lower chunk.maxTokens.`
          : 'Check that the model is an embedding model; run with KNOWHOW_LLAMA_LOG=1 to see llama.cpp’s log.',
        details: { index },
        cause: error,
      });
    }
  }

  return {
    provider: LLAMA_CPP_PROVIDER,
    modelId: options.model,
    get dimensions() {
      return loader.current?.model.embeddingVectorSize;
    },
    maxBatchSize: options.maxBatchSize ?? 32,
    async doEmbed(request: EmbedRequest): Promise<EmbedResult> {
      const { signal } = request;
      const loaded = await loader.get();
      const prefix = (request.purpose === 'query' ? options.queryPrefix : options.documentPrefix) ?? '';
      return queue.run(async () => {
        const embeddings: number[][] = [];
        let tokens = 0;
        for (const [index, value] of request.values.entries()) {
          if (signal?.aborted) throw cancelledError(signal.reason);
          const text = prefix + value;
          embeddings.push(await embedOne(loaded, text, index));
          tokens += loaded.context.calculateInputLength(text);
        }
        return { embeddings, usage: { tokens } };
      });
    },
    ...contextLifecycle(loader, queue),
  };
}

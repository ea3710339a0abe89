/**
 * The one place (with serve) that turns `models:` config into concrete providers. Each is
 * wrapped once by the shared layer: retries, timeouts, concurrency, the response cache and
 * usage metering live there, never in a provider.
 */
import path from 'node:path';
import type { ModelRef, PricesConfig } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import { createAnthropicLanguageModel } from '../providers/anthropic/index.js';
import { createExtractiveLanguageModel } from '../providers/extractive/index.js';
import {
  createLlamaCppEmbeddingModel,
  createLlamaCppLanguageModel,
  createLlamaCppReranker,
} from '../providers/llama-cpp/index.js';
import {
  createOpenAICompatibleEmbeddingModel,
  createOpenAICompatibleLanguageModel,
  createOpenAICompatibleReranker,
} from '../providers/openai-compatible/index.js';
import {
  createDiskResponseCache,
  createUsageMeter,
  defaultPrices,
  type ModelCallOptions,
  type ResponseCache,
  type UsageMeter,
  wrapEmbeddingModel,
  wrapLanguageModel,
  wrapReranker,
} from '../providers/shared/index.js';
import type { EmbeddingModel, LanguageModel, Reranker } from '../providers/spec.js';
import { createLanguageModelReranker } from '../retrieve/index.js';
import type { Workspace } from './open-workspace.js';

export type ModelRole = 'answer' | 'judge' | 'embed' | 'rerank' | 'tuned';

/** knowhow.yaml prices over the built-in dated table, key by key. */
export function effectivePrices(configured: PricesConfig): PricesConfig {
  return {
    asOf: Object.keys(configured.models).length > 0 ? configured.asOf : defaultPrices.asOf,
    currency: configured.currency,
    models: { ...defaultPrices.models, ...configured.models },
  };
}

const meters = new WeakMap<Workspace, UsageMeter>();
const caches = new WeakMap<Workspace, ResponseCache>();

/** One meter per workspace: every model call of a command is accounted in one place. */
export function usageMeterFor(workspace: Workspace): UsageMeter {
  let meter = meters.get(workspace);
  if (!meter) {
    meter = createUsageMeter({ prices: effectivePrices(workspace.config.prices) });
    meters.set(workspace, meter);
  }
  return meter;
}

function callOptions(workspace: Workspace, reference: ModelRef, role: ModelRole): ModelCallOptions {
  let cache: ResponseCache | undefined;
  if (workspace.config.models.cache) {
    cache = caches.get(workspace);
    if (!cache) {
      cache = createDiskResponseCache({ directory: path.join(workspace.cacheDirectory, 'responses') });
      caches.set(workspace, cache);
    }
  }
  return {
    configKey: `models.${role}`,
    meter: usageMeterFor(workspace),
    ...(cache ? { cache } : {}),
    ...(reference.timeoutMs ? { timeoutMs: reference.timeoutMs } : {}),
    ...(reference.concurrency ? { concurrency: reference.concurrency } : {}),
    ...(reference.maxRetries === undefined ? {} : { retry: { maxRetries: reference.maxRetries } }),
  };
}

function llamaOptions(workspace: Workspace, reference: ModelRef, role: ModelRole) {
  return {
    model: reference.model,
    baseDirectory: workspace.root,
    configKey: `models.${role}`,
    ...(reference.contextSize ? { contextSize: reference.contextSize } : {}),
    ...(reference.lora ? { lora: reference.lora } : {}),
  };
}

function remoteSettings(reference: ModelRef, role: ModelRole) {
  return {
    model: reference.model,
    configKey: `models.${role}`,
    ...(reference.baseURL ? { baseURL: reference.baseURL } : {}),
    ...(reference.apiKeyEnv ? { apiKeyEnv: reference.apiKeyEnv } : {}),
    ...(reference.headers ? { headers: reference.headers } : {}),
  };
}

function unsupported(reference: ModelRef, role: ModelRole, what: string): KnowhowError {
  return new KnowhowError(
    'PROVIDER_CONFIG',
    `models.${role}: provider "${reference.provider}" cannot ${what}.`,
    {
      hint:
        role === 'embed'
          ? 'Use openai-compatible (an /embeddings endpoint) or llama-cpp (an embedding GGUF).'
          : 'Use llama-cpp (a reranker GGUF) or openai-compatible (a server with /rerank).',
      details: { setting: `models.${role}.provider` },
    },
  );
}

/** A LanguageModel for a role; the extractive answerer when none is configured. */
export async function createLanguageModel(
  workspace: Workspace,
  reference: ModelRef | undefined,
  role: ModelRole = 'answer',
): Promise<LanguageModel> {
  if (!reference || reference.provider === 'extractive') return createExtractiveLanguageModel();
  let model: LanguageModel;
  switch (reference.provider) {
    case 'openai-compatible':
      model = createOpenAICompatibleLanguageModel({
        ...remoteSettings(reference, role),
        ...(reference.contextSize ? { contextWindow: reference.contextSize } : {}),
        ...(reference.maxTokens ? { maxTokens: reference.maxTokens } : {}),
        ...(reference.temperature === undefined ? {} : { temperature: reference.temperature }),
      });
      break;
    case 'anthropic':
      model = createAnthropicLanguageModel({
        ...remoteSettings(reference, role),
        ...(reference.contextSize ? { contextWindow: reference.contextSize } : {}),
        ...(reference.maxTokens ? { maxTokens: reference.maxTokens } : {}),
        ...(reference.temperature === undefined ? {} : { temperature: reference.temperature }),
      });
      break;
    case 'llama-cpp':
      model = createLlamaCppLanguageModel({
        ...llamaOptions(workspace, reference, role),
        ...(reference.maxTokens ? { maxTokens: reference.maxTokens } : {}),
        ...(reference.temperature === undefined ? {} : { temperature: reference.temperature }),
      });
      break;
  }
  return wrapLanguageModel(model, callOptions(workspace, reference, role));
}

export async function createAnswerModel(workspace: Workspace): Promise<LanguageModel> {
  return createLanguageModel(workspace, workspace.config.models.answer, 'answer');
}

export async function createJudgeModel(workspace: Workspace): Promise<LanguageModel | undefined> {
  const reference = workspace.config.models.judge;
  if (!reference || reference.provider === 'extractive') return undefined;
  return createLanguageModel(workspace, reference, 'judge');
}

export async function createEmbedder(workspace: Workspace): Promise<EmbeddingModel | undefined> {
  const reference = workspace.config.models.embed;
  if (!reference) return undefined;
  let model: EmbeddingModel;
  switch (reference.provider) {
    case 'openai-compatible':
      model = createOpenAICompatibleEmbeddingModel(remoteSettings(reference, 'embed'));
      break;
    case 'llama-cpp': {
      const local = createLlamaCppEmbeddingModel(llamaOptions(workspace, reference, 'embed'));
      // The index schema needs the vector size before the first write.
      await local.load();
      model = local;
      break;
    }
    default:
      throw unsupported(reference, 'embed', 'embed text');
  }
  return wrapEmbeddingModel(model, callOptions(workspace, reference, 'embed'));
}

export async function createReranker(workspace: Workspace): Promise<Reranker | undefined> {
  const reference = workspace.config.models.rerank;
  if (workspace.config.retrieve.rerank.method === 'llm') {
    // LLM-as-reranker: models.rerank as a chat model, else the answer model.
    const model = await createLanguageModel(
      workspace,
      reference ?? workspace.config.models.answer,
      reference ? 'rerank' : 'answer',
    );
    return createLanguageModelReranker(model);
  }
  if (!reference) return undefined;
  let model: Reranker;
  switch (reference.provider) {
    case 'openai-compatible':
      model = createOpenAICompatibleReranker(remoteSettings(reference, 'rerank'));
      break;
    case 'llama-cpp':
      model = createLlamaCppReranker(llamaOptions(workspace, reference, 'rerank'));
      break;
    default:
      throw unsupported(reference, 'rerank', 'rerank passages');
  }
  return wrapReranker(model, callOptions(workspace, reference, 'rerank'));
}

/** The vector size, asking the model once when it does not advertise it (remote /embeddings). */
export async function resolveEmbeddingDimensions(embedder: EmbeddingModel): Promise<number> {
  if (embedder.dimensions !== undefined) return embedder.dimensions;
  const { embeddings } = await embedder.doEmbed({ values: ['dimension probe'], purpose: 'document' });
  const size = embeddings[0]?.length;
  if (!size) {
    throw new KnowhowError(
      'PROVIDER_RESPONSE',
      `The embedding model ${embedder.provider}:${embedder.modelId} returned no vector.`,
      {
        hint: 'Check models.embed: the model must be an embedding model.',
      },
    );
  }
  return size;
}

/**
 * Turns `models:` config into concrete models through the provider registry — the only place
 * that does. Each model is wrapped once by the shared layer: retries, timeouts, concurrency, the
 * response cache and usage metering live there, never in a provider.
 */
import type { KnowhowConfig, ModelRef, PricesConfig } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import type { ProviderEntry } from '../providers/provider-entry.js';
import { providerRegistry, providersFor } from '../providers/registry.js';
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

export type ModelRole = 'answer' | 'judge' | 'embed' | 'rerank' | 'tuned';

/** knowhow.yaml prices over the built-in dated table, key by key. */
export function effectivePrices(configured: PricesConfig): PricesConfig {
  return {
    asOf: Object.keys(configured.models).length > 0 ? configured.asOf : defaultPrices.asOf,
    currency: configured.currency,
    models: { ...defaultPrices.models, ...configured.models },
  };
}

/** What the factories need from a workspace; one per workspace, so every call is metered in one place. */
export interface ProviderContext {
  config: KnowhowConfig;
  /** The folder of knowhow.yaml: relative model paths resolve here. */
  root: string;
  meter: UsageMeter;
  /** Created on the first model call that may use it (models.cache). */
  responseCache(): ResponseCache | undefined;
}

export function createProviderContext(input: {
  config: KnowhowConfig;
  root: string;
  responseCacheDirectory: string;
}): ProviderContext {
  let cache: ResponseCache | undefined;
  return {
    config: input.config,
    root: input.root,
    meter: createUsageMeter({ prices: effectivePrices(input.config.prices) }),
    responseCache() {
      if (!input.config.models.cache) return undefined;
      cache ??= createDiskResponseCache({ directory: input.responseCacheDirectory });
      return cache;
    },
  };
}

function callOptions(context: ProviderContext, reference: ModelRef, role: ModelRole): ModelCallOptions {
  const cache = context.responseCache();
  return {
    configKey: `models.${role}`,
    meter: context.meter,
    ...(cache ? { cache } : {}),
    ...(reference.timeoutMs ? { timeoutMs: reference.timeoutMs } : {}),
    ...(reference.concurrency ? { concurrency: reference.concurrency } : {}),
    ...(reference.maxRetries === undefined ? {} : { retry: { maxRetries: reference.maxRetries } }),
  };
}

type ModelKind = 'languageModel' | 'embeddingModel' | 'reranker';

const kindWords: Record<ModelKind, string> = {
  languageModel: 'answer questions',
  embeddingModel: 'embed text',
  reranker: 'rerank passages',
};

function factoryOf<K extends ModelKind>(reference: ModelRef, role: ModelRole, kind: K) {
  const entry: ProviderEntry = providerRegistry[reference.provider];
  const factory = entry[kind];
  if (factory === null) {
    throw new KnowhowError(
      'PROVIDER_CONFIG',
      `models.${role}: provider "${reference.provider}" cannot ${kindWords[kind]}.`,
      {
        hint: `Use ${listProviders(providersFor(kind))} for models.${role}.`,
        details: { setting: `models.${role}.provider` },
      },
    );
  }
  return { entry, factory: factory as NonNullable<ProviderEntry[K]> };
}

/** "a or b", "a, b or c": hints read as a sentence however many providers the registry lists. */
export function listProviders(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' or ');
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function factoryInput(context: ProviderContext, reference: ModelRef, role: ModelRole) {
  const { provider: _provider, ...settings } = reference;
  return { settings, configKey: `models.${role}`, baseDirectory: context.root };
}

/** A LanguageModel for a role; the extractive answerer when none is configured. */
export async function createLanguageModel(
  context: ProviderContext,
  reference: ModelRef | undefined,
  role: ModelRole = 'answer',
): Promise<LanguageModel> {
  const chosen: ModelRef = reference ?? { provider: 'extractive', model: 'extractive' };
  const { entry, factory } = factoryOf(chosen, role, 'languageModel');
  const model = await factory(factoryInput(context, chosen, role));
  // Built-in models make no calls: nothing to retry, meter or cache.
  return entry.locality === 'built-in' ? model : wrapLanguageModel(model, callOptions(context, chosen, role));
}

export function createAnswerModel(context: ProviderContext): Promise<LanguageModel> {
  return createLanguageModel(context, context.config.models.answer, 'answer');
}

/** The judge, when one is configured; a built-in model cannot judge. */
export async function createJudgeModel(context: ProviderContext): Promise<LanguageModel | undefined> {
  const reference = context.config.models.judge;
  if (!reference || providerRegistry[reference.provider].locality === 'built-in') return undefined;
  return createLanguageModel(context, reference, 'judge');
}

export async function createEmbedder(context: ProviderContext): Promise<EmbeddingModel | undefined> {
  const reference = context.config.models.embed;
  if (!reference) return undefined;
  const { factory } = factoryOf(reference, 'embed', 'embeddingModel');
  const model = await factory(factoryInput(context, reference, 'embed'));
  return wrapEmbeddingModel(model, callOptions(context, reference, 'embed'));
}

export async function createReranker(context: ProviderContext): Promise<Reranker | undefined> {
  const reference = context.config.models.rerank;
  if (context.config.retrieve.rerank.method === 'llm') {
    // LLM-as-reranker: models.rerank as a chat model, else the answer model.
    const model = await createLanguageModel(
      context,
      reference ?? context.config.models.answer,
      reference ? 'rerank' : 'answer',
    );
    const { createLanguageModelReranker } = await import('../retrieve/index.js');
    return createLanguageModelReranker(model);
  }
  if (!reference) return undefined;
  const { factory } = factoryOf(reference, 'rerank', 'reranker');
  const model = await factory(factoryInput(context, reference, 'rerank'));
  return wrapReranker(model, callOptions(context, reference, 'rerank'));
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
      { hint: 'Check models.embed: the model must be an embedding model.' },
    );
  }
  return size;
}

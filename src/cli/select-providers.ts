/**
 * The one place (with serve) that turns `models:` config into concrete providers.
 * Providers are wrapped once by the shared layer (retries, timeouts, cache, metering).
 */
import type { ModelRef } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import { createExtractiveLanguageModel } from '../providers/extractive/index.js';
import type { EmbeddingModel, LanguageModel, Reranker } from '../providers/spec.js';
import type { Workspace } from './open-workspace.js';

export async function createLanguageModel(
  workspace: Workspace,
  reference: ModelRef | undefined,
): Promise<LanguageModel> {
  if (!reference || reference.provider === 'extractive') return createExtractiveLanguageModel();
  throw new KnowhowError(
    'PROVIDER_CONFIG',
    `Provider "${reference.provider}" is not wired into the CLI yet.`,
    {
      hint: `Remove models.* entries using ${reference.provider} for now.`,
      details: { root: workspace.root },
    },
  );
}

export async function createAnswerModel(workspace: Workspace): Promise<LanguageModel> {
  return createLanguageModel(workspace, workspace.config.models.answer);
}

export async function createEmbedder(workspace: Workspace): Promise<EmbeddingModel | undefined> {
  const reference = workspace.config.models.embed;
  if (!reference) return undefined;
  throw new KnowhowError(
    'PROVIDER_CONFIG',
    `Embedding provider "${reference.provider}" is not wired into the CLI yet.`,
  );
}

export async function createReranker(workspace: Workspace): Promise<Reranker | undefined> {
  const reference = workspace.config.models.rerank;
  if (!reference) return undefined;
  throw new KnowhowError(
    'PROVIDER_CONFIG',
    `Rerank provider "${reference.provider}" is not wired into the CLI yet.`,
  );
}

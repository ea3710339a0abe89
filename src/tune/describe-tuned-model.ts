import type { TunedFrom } from '../core/price-lookup.js';
import { readJobs } from './jobs-store.js';
import { readModelRegistry } from './model-registry.js';

/**
 * Which engine tuned a registered model and from which base, for pricing a fine-tune that the
 * price tables do not name (core/price-lookup.ts, lookUpTunedPrice). `modelId` is the eval
 * row's `provider:model`. Undefined for a model that is not registered or whose job is gone.
 */
export async function describeTunedModel(dataDir: string, modelId: string): Promise<TunedFrom | undefined> {
  const entry = (await readModelRegistry(dataDir)).find(
    (model) => `${model.provider}:${model.model}` === modelId,
  );
  if (!entry) return undefined;
  if (entry.engine === 'local') return { engine: 'local', baseModel: modelId };
  if (entry.jobId === undefined) return undefined;
  const job = (await readJobs(dataDir)).find((record) => record.id === entry.jobId);
  return job ? { engine: entry.engine, baseModel: job.baseModel } : undefined;
}

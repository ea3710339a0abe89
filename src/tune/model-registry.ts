import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ModelRef } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import { tunePaths } from './tune-paths.js';
import { writeJsonAtomic } from './write-file-atomic.js';

/**
 * `<dataDir>/models.json`: the tuned models this project has registered. The newest entry is
 * what the next `knowhow eval` runs as the `tuned` and `hybrid` variants (see
 * registeredTunedModelRef), unless knowhow.yaml sets models.tuned explicitly.
 */

const hyperparametersSchema = z.object({
  epochs: z.number(),
  learningRate: z.number(),
  loraR: z.number(),
  loraAlpha: z.number(),
  loraDropout: z.number(),
  targetModules: z.array(z.string()),
  microBatchSize: z.number(),
  gradientAccumulationSteps: z.number(),
  sequenceLength: z.number(),
  warmupRatio: z.number(),
  seed: z.number(),
});

export const registeredModelSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['hosted', 'adapter']),
  provider: z.enum(['openai-compatible', 'llama-cpp']),
  /** Hosted: the tuned model id. Adapter: the base GGUF path. */
  model: z.string().min(1),
  /** Adapter: the GGUF LoRA adapter path. */
  lora: z.string().min(1).optional(),
  baseURL: z.string().url().optional(),
  apiKeyEnv: z.string().min(1).optional(),
  /** The template the training data was rendered with; serving must use the same one. */
  chatTemplate: z
    .strictObject({ name: z.string(), sha256: z.string(), file: z.string().optional() })
    .optional(),
  datasetHash: z.string().min(1),
  datasetId: z.string().optional(),
  /**
   * Document groups its training data came from ([] when all public): serve offers the model only
   * to keys that may read every one of them. Entries registered before this field read as [].
   */
  groups: z.array(z.string()).default([]),
  hyperparameters: hyperparametersSchema,
  costUsd: z.number().min(0).optional(),
  jobId: z.string().optional(),
  engine: z.enum(['openai', 'together', 'local']),
  registeredAt: z.string().min(1),
});

export type RegisteredModel = z.infer<typeof registeredModelSchema>;

const registrySchema = z.strictObject({ models: z.array(registeredModelSchema) });

export async function readModelRegistry(dataDir: string): Promise<RegisteredModel[]> {
  const file = tunePaths.models(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new KnowhowError('INPUT_INVALID', `${file} is not valid JSON.`, {
      cause: error,
      hint: 'Fix the file by hand, or delete it and register the model again with `knowhow tune register`.',
    });
  }
  const result = registrySchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new KnowhowError(
      'INPUT_INVALID',
      `${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'does not match the registry format'}.`,
      {
        hint: 'Fix the entry by hand, or delete the file and register the model again with `knowhow tune register`.',
      },
    );
  }
  return result.data.models;
}

/** Writes the whole registry at once (temp file + rename): a reader never sees half an entry. */
export async function writeModelRegistry(dataDir: string, models: RegisteredModel[]): Promise<void> {
  await writeJsonAtomic(tunePaths.models(dataDir), registrySchema.parse({ models }));
}

export function toModelRef(entry: RegisteredModel): ModelRef {
  return {
    provider: entry.provider,
    model: entry.model,
    ...(entry.lora === undefined ? {} : { lora: entry.lora }),
    ...(entry.baseURL === undefined ? {} : { baseURL: entry.baseURL }),
    ...(entry.apiKeyEnv === undefined ? {} : { apiKeyEnv: entry.apiKeyEnv }),
  };
}

/**
 * The document groups a tuned model was trained on, from the registry entries with the same base
 * model and adapter (the same weights registered twice under other names: every entry's groups
 * count); [] when none matches — a model registered elsewhere is the operator's call.
 */
export function tunedModelGroups(models: readonly RegisteredModel[], reference: ModelRef): string[] {
  const entries = models.filter(
    (model) => model.model === reference.model && (model.lora ?? undefined) === (reference.lora ?? undefined),
  );
  return [...new Set(entries.flatMap((entry) => entry.groups))].sort();
}

/** The newest registered model as a ModelRef (what `eval` uses for tuned/hybrid), or undefined. */
export async function registeredTunedModelRef(dataDir: string): Promise<ModelRef | undefined> {
  const models = await readModelRegistry(dataDir);
  const latest = [...models].sort((a, b) => a.registeredAt.localeCompare(b.registeredAt)).pop();
  return latest ? toModelRef(latest) : undefined;
}

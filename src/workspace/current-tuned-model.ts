import type { KnowhowConfig, ModelRef } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import type { RegisteredModel } from '../tune/index.js';

/**
 * Which tuned model is current — one answer for eval, diagnose, serve (and through /v1/models
 * the dashboard) and `knowhow models`. The registry (<dataDir>/models.json, written by
 * `knowhow tune register`) is the source of truth: its newest entry is current, unless
 * knowhow.yaml pins one with `models.tuned: <registered name>`, or names a model outright with a
 * full `models.tuned: { provider, model, … }` entry.
 */
export interface CurrentTunedModel {
  reference: ModelRef;
  /** The registry entry's name; absent for a model named outright in knowhow.yaml. */
  name?: string;
  /** latest: the newest registered model; pinned: knowhow.yaml names a registered model; config: knowhow.yaml gives the model itself. */
  source: 'latest' | 'pinned' | 'config';
  /** Document groups its training data came from ([] when all public): serve offers it only to keys in all of them. */
  groups: string[];
}

export interface TunedModels {
  registered: RegisteredModel[];
  current: CurrentTunedModel | undefined;
}

/** Every registered model and the current one. */
export async function readTunedModels(input: {
  config: KnowhowConfig;
  dataDir: string;
}): Promise<TunedModels> {
  const { readModelRegistry, toModelRef, tunedModelGroups } = await import('../tune/index.js');
  const registered = await readModelRegistry(input.dataDir);
  const pin = input.config.models.tuned;
  if (pin !== undefined && typeof pin !== 'string') {
    return {
      registered,
      current: { reference: pin, source: 'config', groups: tunedModelGroups(registered, pin) },
    };
  }
  if (typeof pin === 'string') {
    const entry = registered.find((model) => model.name === pin);
    if (!entry) {
      throw new KnowhowError(
        'CONFIG_INVALID',
        `models.tuned pins "${pin}", which is not in the model registry (${registered.length === 0 ? 'no model is registered' : `registered: ${registered.map((model) => model.name).join(', ')}`}).`,
        {
          hint: 'Run `knowhow models` to list the registered models and pin one of their names, or remove models.tuned to use the newest.',
          details: { setting: 'models.tuned' },
        },
      );
    }
    const reference = toModelRef(entry);
    return {
      registered,
      current: {
        reference,
        name: entry.name,
        source: 'pinned',
        groups: tunedModelGroups(registered, reference),
      },
    };
  }
  const latest = [...registered].sort((a, b) => a.registeredAt.localeCompare(b.registeredAt)).pop();
  return {
    registered,
    current: latest
      ? {
          reference: toModelRef(latest),
          name: latest.name,
          source: 'latest',
          groups: tunedModelGroups(registered, toModelRef(latest)),
        }
      : undefined,
  };
}

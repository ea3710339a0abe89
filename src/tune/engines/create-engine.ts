import { KnowhowError } from '../../core/errors.js';
import { createLocalEngine, type LocalEngineOptions } from './local.js';
import { createOpenAiEngine, type OpenAiEngineOptions } from './openai.js';
import { createTogetherEngine, type TogetherEngineOptions } from './together.js';
import { type EngineName, engineNames, type TuneEngine } from './tune-engine.js';

export interface CreateEngineOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  openai?: OpenAiEngineOptions;
  together?: TogetherEngineOptions;
  local?: Omit<LocalEngineOptions, 'dataDir'>;
}

export function parseEngineName(value: string): EngineName {
  if ((engineNames as readonly string[]).includes(value)) return value as EngineName;
  throw new KnowhowError('USAGE', `Unknown engine "${value}".`, {
    hint: `Use one of: ${engineNames.join(', ')}.`,
  });
}

export function createEngine(name: EngineName, options: CreateEngineOptions): TuneEngine {
  const env = options.env ? { env: options.env } : {};
  switch (name) {
    case 'openai':
      return createOpenAiEngine({ ...env, ...options.openai });
    case 'together':
      return createTogetherEngine({ ...env, ...options.together });
    case 'local':
      return createLocalEngine({ dataDir: options.dataDir, ...options.local });
  }
}

import path from 'node:path';
import { type LoadedConfig, loadConfig } from '../core/config/load-config.js';
import { LanceIndexStore } from '../index/index.js';
import type { CommandContext } from './output.js';

export interface Workspace extends LoadedConfig {
  indexDirectory: string;
  runsDirectory: string;
  cacheDirectory: string;
}

/** Config and the folders derived from it; nothing is opened yet. */
export async function openWorkspace(context: Pick<CommandContext, 'cwd' | 'config'>): Promise<Workspace> {
  const loaded = await loadConfig({ cwd: context.cwd, ...(context.config ? { file: context.config } : {}) });
  return {
    ...loaded,
    indexDirectory: path.join(loaded.dataDir, 'index'),
    runsDirectory: path.join(loaded.dataDir, 'runs'),
    cacheDirectory: path.join(loaded.dataDir, 'cache'),
  };
}

export interface OpenStoreOptions {
  vectorDimensions?: number | null;
  embeddingModel?: string | null;
}

export async function openStore(
  workspace: Workspace,
  options: OpenStoreOptions = {},
): Promise<LanceIndexStore> {
  return LanceIndexStore.open({
    directory: workspace.indexDirectory,
    language: workspace.config.retrieve.language,
    ...(options.vectorDimensions === undefined ? {} : { vectorDimensions: options.vectorDimensions }),
    ...(options.embeddingModel === undefined ? {} : { embeddingModel: options.embeddingModel }),
  });
}

import type { Llama, LlamaModel } from 'node-llama-cpp';
import { createLlamaCppError, type LlamaCppErrorContext, messageOf, settingOf } from './llama-cpp-error.js';
import type { LlamaCppModelOptions } from './llama-cpp-options.js';
import { getSharedLlama } from './load-llama.js';
import { describeNativeLogSince, markNativeLog } from './native-log.js';
import { resolveModelPath } from './resolve-model-path.js';

export interface LoadLlamaModelOptions {
  llama: Llama;
  /** Absolute path of a checked GGUF file (see resolveModelPath). */
  filePath: string;
  context: LlamaCppErrorContext;
  setting: string;
}

/** One loaded model per file: an answer model and an embedding model on the same GGUF share the weights. */
const loaded = new Map<string, Promise<LlamaModel>>();

async function load(options: LoadLlamaModelOptions): Promise<LlamaModel> {
  const mark = markNativeLog();
  try {
    return await options.llama.loadModel({ modelPath: options.filePath });
  } catch (error) {
    throw createLlamaCppError(options.context, {
      code: 'MODEL_LOAD',
      setting: options.setting,
      message: `llama.cpp could not load ${options.filePath}: ${messageOf(error)}${describeNativeLogSince(mark)}.`,
      hint:
        'Check that the file is a complete download and that its architecture is one this node-llama-cpp ' +
        `version supports (update node-llama-cpp for newer architectures); or set ${options.setting} to another GGUF file.`,
      details: { file: options.filePath },
      cause: error,
    });
  }
}

export function loadLlamaModel(options: LoadLlamaModelOptions): Promise<LlamaModel> {
  const existing = loaded.get(options.filePath);
  if (existing !== undefined) {
    return existing.then((model) => (model.disposed ? reload(options) : model));
  }
  return reload(options);
}

function reload(options: LoadLlamaModelOptions): Promise<LlamaModel> {
  const loading = load(options);
  loaded.set(options.filePath, loading);
  loading.catch(() => {
    if (loaded.get(options.filePath) === loading) loaded.delete(options.filePath);
  });
  return loading;
}

/**
 * What every model kind does first: the shared runtime, the model file resolved from its path
 * or `hf:` URI, and the weights loaded (once per file). `setting` names the config key in errors.
 */
export async function loadConfiguredModel(
  options: LlamaCppModelOptions,
  context: LlamaCppErrorContext,
  threads: number | undefined,
): Promise<{ llama: Llama; model: LlamaModel; setting: string; filePath: string }> {
  const llama = await getSharedLlama({
    ...(options.gpu === undefined ? {} : { gpu: options.gpu }),
    ...(threads === undefined ? {} : { threads }),
  });
  const setting = settingOf(context, 'model');
  const filePath = await resolveModelPath({
    reference: options.model,
    setting,
    context,
    ...(options.cacheDirectory === undefined ? {} : { cacheDirectory: options.cacheDirectory }),
    ...(options.baseDirectory === undefined ? {} : { baseDirectory: options.baseDirectory }),
  });
  const model = await loadLlamaModel({ llama, filePath, context, setting });
  return { llama, model, setting, filePath };
}

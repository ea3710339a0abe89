import { type GgufHeaderValue, readGgufHeader } from '../gguf/index.js';
import { createLlamaCppError, type LlamaCppErrorContext, messageOf } from './llama-cpp-error.js';

export interface ValidateLoraAdapterOptions {
  filePath: string;
  /** `general.architecture` of the base model. */
  modelArchitecture: string | undefined;
  context: LlamaCppErrorContext;
  setting: string;
}

function describeValue(value: GgufHeaderValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value.type === 'array') return `an array of ${value.itemType}`;
  return `${JSON.stringify(typeof value.value === 'bigint' ? String(value.value) : value.value)} (${value.type})`;
}

/**
 * Checks an adapter's metadata before llama.cpp sees it: llama.cpp asserts on metadata types
 * (a wrong type aborts the whole process) and otherwise reports only "Failed to initialize LoRA adapter".
 */
export async function validateLoraAdapter(options: ValidateLoraAdapterOptions): Promise<void> {
  const fail = (problem: string, cause?: unknown) =>
    createLlamaCppError(options.context, {
      code: 'MODEL_LOAD',
      setting: options.setting,
      message: `${options.filePath} is not a usable LoRA adapter: ${problem}.`,
      hint:
        `Set ${options.setting} to a LoRA adapter in GGUF format made for this base model ` +
        "(llama.cpp's convert_lora_to_gguf.py converts a PEFT adapter), or remove it.",
      details: { file: options.filePath },
      ...(cause === undefined ? {} : { cause }),
    });
  let metadata: Map<string, GgufHeaderValue>;
  try {
    metadata = (await readGgufHeader(options.filePath)).metadata;
  } catch (error) {
    throw fail(messageOf(error), error);
  }
  const expectString = (key: string, expected?: string): void => {
    const value = metadata.get(key);
    if (value?.type !== 'string' || (expected !== undefined && value.value !== expected)) {
      const wanted = expected === undefined ? 'a string' : `"${expected}"`;
      throw fail(`${key} is ${describeValue(value)}, expected ${wanted}`);
    }
  };
  expectString('general.type', 'adapter');
  expectString('adapter.type', 'lora');
  expectString('general.architecture', options.modelArchitecture);
  const alpha = metadata.get('adapter.lora.alpha');
  if (alpha !== undefined && alpha.type !== 'f32') {
    throw fail(`adapter.lora.alpha is ${describeValue(alpha)}, expected an f32`);
  }
}

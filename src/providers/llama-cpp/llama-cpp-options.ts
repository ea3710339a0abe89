import type { LlamaRuntimeOptions } from './load-llama.js';

/** What every llama-cpp model kind takes (see ModelRef in src/core/config/schema.ts). */
export interface LlamaCppModelOptions extends LlamaRuntimeOptions {
  /** A .gguf file path, or an `hf:` URI / URL that is downloaded on first use. */
  model: string;
  /** Tokens of context; defaults to the model's training context, capped (see each model kind). */
  contextSize?: number;
  /** Where `hf:` downloads go: `KNOWHOW_MODELS_DIR`, else node-llama-cpp's ~/.node-llama-cpp/models. */
  cacheDirectory?: string;
  /** What relative paths are relative to: the folder of knowhow.yaml. The working directory when omitted. */
  baseDirectory?: string;
  /** The knowhow.yaml section this model is configured under, named in error hints (e.g. `models.answer`). */
  configKey?: string;
}

/**
 * llama-cpp provider: GGUF models run inside the process by node-llama-cpp — answers (the model's
 * own chat template, JSON-schema output through llama.cpp's grammar, LoRA adapters at load time),
 * embeddings and reranking. A model is a file path or an `hf:` URI downloaded on first use.
 * It must not download anything except a configured `hf:` model, never compiles llama.cpp, and
 * loads the native library only when a model is first used.
 */
export {
  type CheckLoraFitOptions,
  checkLoraFit,
  describeLoraFitProblems,
  type LoraFitProblem,
  type LoraFitTensor,
  readGgufTensors,
} from './check-lora-fit.js';
export {
  createLlamaCppEmbeddingModel,
  type LlamaCppEmbeddingModel,
  type LlamaCppEmbeddingModelOptions,
} from './create-llama-cpp-embedding-model.js';
export {
  createLlamaCppLanguageModel,
  type LlamaCppLanguageModel,
  type LlamaCppLanguageModelOptions,
} from './create-llama-cpp-language-model.js';
export {
  createLlamaCppReranker,
  type LlamaCppReranker,
  type LlamaCppRerankerOptions,
} from './create-llama-cpp-reranker.js';
export { LLAMA_CPP_PROVIDER } from './llama-cpp-error.js';
export type { LlamaCppModelOptions } from './llama-cpp-options.js';
export { getSharedLlama, type LlamaGpuSetting, type LlamaRuntimeOptions } from './load-llama.js';
export { type GgufHeader, readGgufHeader } from './read-gguf-header.js';
export { isRemoteModelReference, resolveModelPath } from './resolve-model-path.js';

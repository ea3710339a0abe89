/**
 * GGUF files, read without loading a model: the header (architecture, chat template, context
 * length) and the tensor list a LoRA adapter must fit. Used by the llama-cpp provider at model load
 * and by `tune register` before anything is written, so it is a file format, not a provider: it
 * picks no model, runs nothing and never downloads. It must not import any stage or vendor folder.
 */
export {
  type CheckLoraFitOptions,
  checkLoraFit,
  describeLoraFitProblems,
  type GgufTensorsAndMetadata,
  type LoraFitProblem,
  type LoraFitTensor,
  readGgufTensors,
} from './check-lora-fit.js';
export {
  type GgufHeader,
  type GgufHeaderValue,
  type GgufValueTypeName,
  ggufMagic,
  readFileMagic,
  readGgufHeader,
} from './read-gguf-header.js';

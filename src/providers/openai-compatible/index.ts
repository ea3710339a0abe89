/**
 * Models behind the OpenAI HTTP API and the servers that copy it: OpenAI, vLLM, Ollama, the
 * llama.cpp server, Together, Groq, LM Studio. Chat completions (streaming, json_schema output),
 * embeddings and the /rerank extension.
 * It must not retry, time out, cache or meter: `wrap*Model` in ../shared does that for every provider.
 */
export { type OpenAICompatibleSettings, openAIBaseURL } from './connection.js';
export {
  createOpenAICompatibleEmbeddingModel,
  type OpenAICompatibleEmbeddingModel,
  type OpenAICompatibleEmbeddingModelSettings,
} from './embedding-model.js';
export {
  createOpenAICompatibleLanguageModel,
  type OpenAICompatibleLanguageModel,
  type OpenAICompatibleLanguageModelSettings,
} from './language-model.js';
export { createOpenAICompatibleReranker, type OpenAICompatibleReranker } from './reranker.js';

/**
 * Provider specs: the one interface every model sits behind (the Vercel AI SDK pattern —
 * `do*` methods on the spec, cross-cutting behaviour in one shared wrapper, never per provider).
 * Stages depend on these types only; `cli` and `serve` pick concrete providers.
 */
import type { Chunk, TokenUsage } from '../core/types.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A chunk as given to the model, numbered the way the answer cites it ([marker]). */
export interface ContextPassage {
  marker: number;
  chunk: Chunk;
}

export interface JsonSchemaSpec {
  name: string;
  schema: Record<string, unknown>;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
  /** Structured output: the answer must be JSON valid against this schema. */
  jsonSchema?: JsonSchemaSpec;
  /**
   * The passages placed in the prompt. Remote models read them from `messages`; models that
   * answer only from given passages (extractive) read them here.
   */
  context?: ContextPassage[];
  signal?: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'error' | 'other';

export interface GenerateResult {
  text: string;
  usage: TokenUsage;
  finishReason: FinishReason;
  /** True when the text was extracted from the context rather than generated. */
  extractive?: boolean;
  /** True when served from the response cache (no request was made). */
  cached?: boolean;
}

export type StreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'finish'; usage: TokenUsage; finishReason: FinishReason; extractive?: boolean; cached?: boolean };

export interface LanguageModelCapabilities {
  streaming: boolean;
  jsonSchema: boolean;
  /** Answers only by extracting from `context`; never invents text. */
  extractive: boolean;
}

export interface LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  /** Context window in tokens, when known: context packing budgets against it. */
  readonly contextWindow: number | undefined;
  readonly capabilities: LanguageModelCapabilities;
  doGenerate(request: GenerateRequest): Promise<GenerateResult>;
  doStream(request: GenerateRequest): AsyncIterable<StreamPart>;
  /** The model's own tokenizer where one is at hand. */
  countTokens?(text: string): number;
}

export interface EmbedRequest {
  values: string[];
  /** Some models embed queries and documents differently (instruction prefixes). */
  purpose?: 'query' | 'document';
  signal?: AbortSignal;
}

export interface EmbedResult {
  embeddings: number[][];
  usage: { tokens: number };
  cached?: boolean;
}

export interface EmbeddingModel {
  readonly provider: string;
  readonly modelId: string;
  /** Known after the first call for remote models that do not advertise it. */
  readonly dimensions: number | undefined;
  readonly maxBatchSize: number;
  doEmbed(request: EmbedRequest): Promise<EmbedResult>;
}

export interface RerankRequest {
  query: string;
  documents: string[];
  signal?: AbortSignal;
}

export interface Reranker {
  readonly provider: string;
  readonly modelId: string;
  /** One relevance score per document, higher is more relevant. */
  doRerank(request: RerankRequest): Promise<{ scores: number[]; usage?: { tokens: number } }>;
}

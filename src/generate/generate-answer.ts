import { toKnowhowError } from '../core/errors.js';
import { createCitationMarkerFilter } from '../core/text/citation-marker-filter.js';
import { estimateTokens } from '../core/text/count-tokens.js';
import type { Citation, SearchHit, TokenUsage } from '../core/types.js';
import type { ContextPassage, JsonSchemaSpec, LanguageModel } from '../providers/spec.js';
import { buildPrompt, type FewShotPair } from './build-prompt.js';
import { packContext } from './pack-context.js';
import { verifyCitations } from './verify-citations.js';

export interface GenerateAnswerOptions {
  model: LanguageModel;
  question: string;
  /** Retrieved (or gold) chunks, best first; omit for prompt-only answers. */
  hits?: SearchHit[];
  systemPrompt?: string;
  examples?: FewShotPair[];
  formatInstruction?: string;
  jsonSchema?: JsonSchemaSpec;
  maxTokens?: number;
  temperature?: number;
  /** Tokens reserved for the system prompt, question and answer when packing context. */
  reserveTokens?: number;
  signal?: AbortSignal;
  /**
   * Called with each piece of text as it streams (the answer is streamed when set). The pieces add
   * up to `displayText`: markers that point at no passage are held back and dropped.
   */
  onDelta?: (text: string) => void;
}

export interface AnswerResult {
  /** The answer as the model wrote it. */
  text: string;
  /** The answer with invalid citation markers removed: what may be shown. */
  displayText: string;
  citations: Citation[];
  invalidMarkers: number[];
  passages: ContextPassage[];
  usage: TokenUsage;
  latencyMs: number;
  extractive: boolean;
  cached: boolean;
  model: string;
}

/**
 * One answer: pack the chunks into the model's budget, prompt, call the model (streaming when
 * asked), verify every citation against the passages actually given.
 */
export async function generateAnswer(options: GenerateAnswerOptions): Promise<AnswerResult> {
  const model = options.model;
  const count = model.countTokens?.bind(model) ?? estimateTokens;
  const window = model.contextWindow ?? 8192;
  const maxTokens = options.maxTokens ?? 512;
  const reserve = options.reserveTokens ?? 400;
  const { passages } = packContext({
    hits: options.hits ?? [],
    budgetTokens: Math.max(0, window - maxTokens - reserve - count(options.question)),
    countTokens: count,
  });
  const messages = buildPrompt({
    question: options.question,
    ...(options.systemPrompt ? { systemPrompt: options.systemPrompt } : {}),
    ...(options.examples ? { examples: options.examples } : {}),
    ...(options.formatInstruction ? { formatInstruction: options.formatInstruction } : {}),
    passages,
  });
  const request = {
    messages,
    maxTokens,
    context: passages,
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.jsonSchema ? { jsonSchema: options.jsonSchema } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const started = performance.now();
  let text = '';
  let usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
  let extractive = model.capabilities.extractive;
  let cached = false;
  try {
    if (options.onDelta) {
      // Deltas pass through the same marker filter as displayText: a reader never sees an invented source.
      const filter = options.jsonSchema
        ? { push: (piece: string) => piece, end: () => '' }
        : createCitationMarkerFilter(new Set(passages.map((passage) => passage.marker)));
      const show = (shown: string) => {
        if (shown !== '') options.onDelta?.(shown);
      };
      for await (const part of model.doStream(request)) {
        if (part.type === 'text-delta') {
          text += part.text;
          show(filter.push(part.text));
        } else {
          usage = part.usage;
          extractive = part.extractive ?? extractive;
          cached = part.cached ?? false;
        }
      }
      show(filter.end());
    } else {
      const result = await model.doGenerate(request);
      text = result.text;
      usage = result.usage;
      extractive = result.extractive ?? extractive;
      cached = result.cached ?? false;
    }
  } catch (error) {
    throw toKnowhowError(error, 'PROVIDER_RESPONSE');
  }
  const verified = verifyCitations(text, passages);
  return {
    text,
    // A JSON answer is data: `[9]` there is an array, not a citation, and is never rewritten.
    displayText: options.jsonSchema ? text : verified.displayText,
    citations: verified.citations,
    invalidMarkers: verified.invalidMarkers,
    passages,
    usage,
    latencyMs: performance.now() - started,
    extractive,
    cached,
    model: `${model.provider}:${model.modelId}`,
  };
}

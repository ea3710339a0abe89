import { KnowhowError } from '../core/errors.js';
import type { LanguageModel, Reranker } from '../providers/spec.js';

const scoresSchema = {
  type: 'object',
  properties: { scores: { type: 'array', items: { type: 'number', minimum: 0, maximum: 10 } } },
  required: ['scores'],
  additionalProperties: false,
};

/** Reads `{"scores":[…]}` or a bare list from a model's reply; null when it is not there. */
export function parseRelevanceScores(text: string, expected: number): number[] | null {
  const candidates = [text.trim(), text.match(/\{[\s\S]*\}/)?.[0], text.match(/\[[\s\S]*?\]/)?.[0]];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const parsed = JSON.parse(candidate) as unknown;
      const list = Array.isArray(parsed) ? parsed : (parsed as { scores?: unknown }).scores;
      if (
        Array.isArray(list) &&
        list.length === expected &&
        list.every((value) => typeof value === 'number')
      ) {
        return list as number[];
      }
    } catch {
      // Try the next shape.
    }
  }
  return null;
}

/**
 * LLM-as-reranker: one call grades every candidate 0–10 against the query. Works with any
 * LanguageModel; a cross-encoder GGUF is faster and usually better, this needs no extra model.
 */
export function createLanguageModelReranker(model: LanguageModel): Reranker {
  if (model.capabilities.extractive) {
    throw new KnowhowError('PROVIDER_CONFIG', 'The extractive answerer cannot rerank passages.', {
      hint: 'Set models.rerank (or models.answer) to a language model, or turn retrieve.rerank off.',
      details: { setting: 'retrieve.rerank.method' },
    });
  }
  return {
    provider: `${model.provider}+llm-rerank`,
    modelId: model.modelId,
    async doRerank(request) {
      const passages = request.documents
        .map((document, i) => `[${i + 1}] ${document.slice(0, 1500)}`)
        .join('\n\n');
      const result = await model.doGenerate({
        messages: [
          {
            role: 'system',
            content:
              'You grade search results. For each numbered passage, give a relevance score from 0 (unrelated) to 10 (answers the query). ' +
              `Reply with JSON only: {"scores": [one number per passage, in order]} — exactly ${request.documents.length} numbers.`,
          },
          { role: 'user', content: `Query: ${request.query}\n\nPassages:\n\n${passages}` },
        ],
        temperature: 0,
        maxTokens: 16 + request.documents.length * 6,
        ...(model.capabilities.jsonSchema
          ? { jsonSchema: { name: 'relevance_scores', schema: scoresSchema } }
          : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      const scores = parseRelevanceScores(result.text, request.documents.length);
      if (!scores) {
        throw new KnowhowError(
          'OUTPUT_INVALID',
          `${model.provider}:${model.modelId} returned no usable relevance scores.`,
          {
            hint: 'Use a stronger model for reranking, or a reranker GGUF via llama-cpp.',
            details: { reply: result.text.slice(0, 200) },
          },
        );
      }
      return { scores, usage: { tokens: result.usage.promptTokens + result.usage.completionTokens } };
    },
  };
}

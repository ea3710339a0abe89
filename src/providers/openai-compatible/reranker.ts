import { postJson } from '../shared/http.js';
import { createProviderResponseError } from '../shared/provider-error.js';
import type { Reranker } from '../spec.js';
import { createOpenAICompatibleConnection, type OpenAICompatibleSettings } from './connection.js';

export type OpenAICompatibleReranker = Reranker & { readonly baseURL: string };

interface RawRerankResponse {
  results?: { index?: unknown; relevance_score?: unknown }[];
  usage?: { total_tokens?: unknown; prompt_tokens?: unknown };
}

/**
 * A reranker behind POST {baseURL}/rerank, the Jina/Cohere-style endpoint that vLLM and the
 * llama.cpp server expose next to their OpenAI-compatible API. Wrap it with `wrapReranker`.
 */
export function createOpenAICompatibleReranker(settings: OpenAICompatibleSettings): OpenAICompatibleReranker {
  const connection = createOpenAICompatibleConnection(settings, 'models.rerank');
  const { context } = connection;
  const url = `${connection.baseURL}/rerank`;
  return {
    provider: context.provider,
    modelId: settings.model,
    baseURL: connection.baseURL,
    async doRerank(request) {
      if (request.documents.length === 0) return { scores: [] };
      const body = (await postJson({
        context,
        url,
        headers: connection.headers(),
        body: {
          model: settings.model,
          query: request.query,
          documents: request.documents,
          top_n: request.documents.length,
        },
        signal: request.signal,
      })) as RawRerankResponse;
      const scores: number[] = new Array(request.documents.length).fill(Number.NaN);
      for (const result of Array.isArray(body?.results) ? body.results : []) {
        if (typeof result.index === 'number' && typeof result.relevance_score === 'number') {
          scores[result.index] = result.relevance_score;
        }
      }
      if (scores.some((score) => Number.isNaN(score))) {
        throw createProviderResponseError(context, {
          message: `${url} scored ${body?.results?.length ?? 0} of ${request.documents.length} documents.`,
          hint: `Check that ${context.configKey}.model names a reranking model and the server exposes /rerank.`,
        });
      }
      const tokens = body.usage?.total_tokens ?? body.usage?.prompt_tokens;
      return { scores, ...(typeof tokens === 'number' ? { usage: { tokens } } : {}) };
    },
  };
}

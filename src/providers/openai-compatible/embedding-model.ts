import { postJson } from '../shared/http.js';
import { createProviderResponseError } from '../shared/provider-error.js';
import type { EmbeddingModel, EmbedRequest, EmbedResult } from '../spec.js';
import { createOpenAICompatibleConnection, type OpenAICompatibleSettings } from './connection.js';

export interface OpenAICompatibleEmbeddingModelSettings extends OpenAICompatibleSettings {
  /** Inputs per request; larger requests are split. Default 128. */
  maxBatchSize?: number | undefined;
  /** Ask for shorter vectors (text-embedding-3-*); also makes `dimensions` known before the first call. */
  dimensions?: number | undefined;
  /** Instruction prefixes some models need (e5: `query: `, nomic: `search_query: `). */
  queryPrefix?: string | undefined;
  documentPrefix?: string | undefined;
}

export type OpenAICompatibleEmbeddingModel = EmbeddingModel & { readonly baseURL: string };

interface RawEmbeddingResponse {
  data?: { index?: unknown; embedding?: unknown }[];
  usage?: { prompt_tokens?: unknown; total_tokens?: unknown };
}

/** An embedding model behind POST {baseURL}/embeddings. Wrap it with `wrapEmbeddingModel`. */
export function createOpenAICompatibleEmbeddingModel(
  settings: OpenAICompatibleEmbeddingModelSettings,
): OpenAICompatibleEmbeddingModel {
  const connection = createOpenAICompatibleConnection(settings, 'models.embed');
  const { context } = connection;
  const url = `${connection.baseURL}/embeddings`;
  const maxBatchSize = settings.maxBatchSize ?? 128;
  let dimensions = settings.dimensions;

  const prefixFor = (purpose: EmbedRequest['purpose']) =>
    purpose === 'query'
      ? (settings.queryPrefix ?? '')
      : purpose === 'document'
        ? (settings.documentPrefix ?? '')
        : '';

  const embedBatch = async (values: string[], signal: AbortSignal | undefined) => {
    const body = (await postJson({
      context,
      url,
      headers: connection.headers(),
      body: {
        model: settings.model,
        input: values,
        ...(settings.dimensions === undefined ? {} : { dimensions: settings.dimensions }),
      },
      signal,
    })) as RawEmbeddingResponse;
    const rows = Array.isArray(body?.data) ? body.data : [];
    const embeddings: number[][] = new Array(values.length);
    for (const [position, row] of rows.entries()) {
      // Servers may answer out of order; `index` says which input each vector belongs to.
      const index = typeof row.index === 'number' ? row.index : position;
      if (Array.isArray(row.embedding)) embeddings[index] = row.embedding as number[];
    }
    const missing = values.findIndex((_, index) => embeddings[index] === undefined);
    if (rows.length !== values.length || missing !== -1) {
      throw createProviderResponseError(context, {
        message: `sent ${values.length} inputs to ${url} and got ${rows.length} embeddings back.`,
        hint: `Check that ${context.configKey}.model names an embedding model on this server.`,
      });
    }
    const usage = body.usage;
    const tokens =
      typeof usage?.prompt_tokens === 'number'
        ? usage.prompt_tokens
        : typeof usage?.total_tokens === 'number'
          ? usage.total_tokens
          : 0;
    return { embeddings, tokens };
  };

  return {
    provider: context.provider,
    modelId: settings.model,
    baseURL: connection.baseURL,
    get dimensions() {
      return dimensions;
    },
    maxBatchSize,
    async doEmbed(request): Promise<EmbedResult> {
      const prefix = prefixFor(request.purpose);
      const values = prefix === '' ? request.values : request.values.map((value) => prefix + value);
      const embeddings: number[][] = [];
      let tokens = 0;
      for (let start = 0; start < values.length; start += maxBatchSize) {
        const batch = await embedBatch(values.slice(start, start + maxBatchSize), request.signal);
        embeddings.push(...batch.embeddings);
        tokens += batch.tokens;
      }
      const width = embeddings[0]?.length;
      if (width !== undefined) {
        if (
          embeddings.some((vector) => vector.length !== width) ||
          (dimensions !== undefined && width !== dimensions)
        ) {
          throw createProviderResponseError(context, {
            message: `returned vectors of ${embeddings.map((vector) => vector.length).join('/')} dimensions, expected ${dimensions ?? width}.`,
            hint: `Check ${context.configKey}.model: an index is built for one embedding size.`,
          });
        }
        dimensions ??= width;
      }
      return { embeddings, usage: { tokens } };
    },
  };
}

import type {
  ChatCompletionResponse,
  ChatRequestJson,
  ErrorBody,
  FeedbackRequest,
  FeedbackResponse,
  ModelListResponse,
  RunDetail,
  RunListResponse,
  SearchRequestJson,
  SearchResponse,
} from '../../api-types.js';

/** A /v1 error as the page shows it: the server's message and hint, its status and stable code. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export interface ApiClient {
  listRuns(): Promise<RunListResponse>;
  readRun(id: string): Promise<RunDetail>;
  readRunReportHtml(id: string): Promise<string>;
  listModels(): Promise<ModelListResponse>;
  ask(request: ChatRequestJson): Promise<ChatCompletionResponse>;
  search(request: SearchRequestJson): Promise<SearchResponse>;
  sendFeedback(request: FeedbackRequest): Promise<FeedbackResponse>;
}

/**
 * The dashboard's only way to the server: same origin, the user's key in the Authorization
 * header (from sessionStorage, never in the page), and every response typed by src/serve/api-types.ts.
 */
export function createApiClient(options: { key: string; onUnauthorized: () => void }): ApiClient {
  const call = async (path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    const response = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await toApiError(response, options.onUnauthorized);
    return response;
  };
  const json = async <T>(path: string, body?: unknown): Promise<T> =>
    (await (await call(path, body)).json()) as T;
  const run = (id: string) => `/v1/runs/${encodeURIComponent(id)}`;
  return {
    listRuns: () => json<RunListResponse>('/v1/runs'),
    readRun: (id) => json<RunDetail>(run(id)),
    readRunReportHtml: async (id) => (await call(`${run(id)}/report.html`)).text(),
    listModels: () => json<ModelListResponse>('/v1/models'),
    ask: (request) => json<ChatCompletionResponse>('/v1/chat/completions', request),
    search: (request) => json<SearchResponse>('/v1/search', request),
    sendFeedback: (request) => json<FeedbackResponse>('/v1/feedback', request),
  };
}

async function toApiError(response: Response, onUnauthorized: () => void): Promise<ApiError> {
  if (response.status === 401) onUnauthorized();
  let body: Partial<ErrorBody> = {};
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const error = body.error;
  const message = error ? `${error.message}${error.hint ? ` ${error.hint}` : ''}` : `HTTP ${response.status}`;
  return new ApiError(message, response.status, error?.code ?? null);
}

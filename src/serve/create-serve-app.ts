import path from 'node:path';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { ErrorCode } from '../core/error-codes.js';
import { KnowhowError } from '../core/errors.js';
import { createHeapGarbageBound } from '../core/heap-garbage.js';
import { redactSecrets } from '../core/secrets.js';
import { sourceLocationJson } from '../core/source-location.js';
import { findSnippet } from '../retrieve/index.js';
import { createKeyMatcher, LOCAL_OPERATOR, principalFor } from './api-keys.js';
import type {
  ExperimentListResponse,
  FeedbackResponse,
  ModelListResponse,
  RunListResponse,
  SearchResponse,
} from './api-types.js';
import { describeForLog, handleChatCompletion } from './chat-completions.js';
import { renderDashboardPage } from './dashboard-page.js';
import { deleteDocument } from './delete-document.js';
import { listDrafts, reviewDraft } from './draft-review.js';
import { toErrorResponse } from './error-response.js';
import { listRuns, readRun, readRunReportHtml } from './eval-runs.js';
import { EXPERIMENTS_LOG } from './experiments-log.js';
import { createExperimentRecorder } from './experiments-recorder.js';
import { readExperimentReports } from './experiments-reports.js';
import { createIndexMaintenance } from './index-maintenance.js';
import { ingestUpload } from './ingest-upload.js';
import { parseRequest } from './parse-request.js';
import { createRateLimiter } from './rate-limiter.js';
import { readJsonBody } from './read-body.js';
import { createReaderDocuments } from './reader-documents.js';
import { appendFeedback, buildFeedbackEntry, feedbackRequestSchema } from './record-feedback.js';
import { redactResponses } from './redact-responses.js';
import { acceptBody, hostGuard, originGuard } from './request-guard.js';
import { retrieveForRequest } from './retrieve-for-request.js';
import { listFeedback, reviewFeedback } from './review-feedback.js';
import type { Deadline, ServeDependencies, ServeEnv, ServeRuntime } from './serve-runtime.js';
import { describeModel, listServedModels, mayUseModel, requireUsableModel } from './served-models.js';

const searchRequestSchema = z.strictObject({
  query: z.string().min(1).max(4000),
  k: z.number().int().min(1).max(200).optional(),
  mode: z.enum(['bm25', 'dense', 'hybrid']).optional(),
});

const DEFAULT_MAX_TOKENS = 4096;
/** The LanceDB store keeps replaced versions 10 s for readers (VERSION_GRACE_MS): reclaim just after. */
const DEFAULT_MAINTENANCE_IDLE_MS = 15_000;
/**
 * Old-space garbage a server keeps between full collections after API writes (core/heap-garbage.ts):
 * V8 alone let it reach ~58 MB over 200 small uploads, and kept it once they stopped.
 */
const HEAP_GARBAGE_SLACK_BYTES = 16 * 1024 * 1024;

const JSON_BODY = 'application/json';

function createRuntime(dependencies: ServeDependencies): ServeRuntime {
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => {});
    return result;
  };
  const log = (line: string) => {
    const clean = redactSecrets(line);
    if (dependencies.log) dependencies.log(clean);
    else process.stderr.write(`${clean}\n`);
  };
  const idleMs = dependencies.maintenanceIdleMs ?? DEFAULT_MAINTENANCE_IDLE_MS;
  const maintenance = createIndexMaintenance({ store: dependencies.store, idleMs, log, exclusive });
  dependencies.onShutdown?.(() => maintenance.close());
  const garbage = createHeapGarbageBound({ slackBytes: HEAP_GARBAGE_SLACK_BYTES });
  const roots = [
    dependencies.dataDirectory,
    path.dirname(path.resolve(dependencies.dataDirectory)),
    dependencies.runsDirectory,
    process.cwd(),
  ];
  return {
    dependencies,
    config: dependencies.config,
    served: listServedModels(dependencies.models),
    maxBodyBytes: dependencies.config.serve.maxBodyBytes,
    maxTokens: dependencies.maxTokens ?? dependencies.config.models.answer?.maxTokens ?? DEFAULT_MAX_TOKENS,
    roots: [...new Set(roots.map((root) => path.resolve(root)))],
    now: dependencies.now ?? Date.now,
    log,
    indexChanged: () => {
      maintenance.changed();
      // After the answer is on its way: a collection paused 34 ms, once in 200 small uploads.
      setImmediate(() => garbage.maybeCollect());
    },
    foldQueued: () => maintenance.foldQueued(),
    experiments: createExperimentRecorder(path.join(dependencies.dataDirectory, EXPERIMENTS_LOG)),
    readerDocuments: createReaderDocuments(dependencies.store),
    exclusive,
  };
}

function httpExceptionCode(status: number): ErrorCode {
  if (status === 413) return 'INPUT_TOO_LARGE';
  if (status === 404) return 'INPUT_NOT_FOUND';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 408 || status === 504) return 'TIMEOUT';
  return 'USAGE';
}

function forbidden(what: string): KnowhowError {
  return new KnowhowError('FORBIDDEN', `This key may not ${what}.`, {
    hint: 'Use a key whose groups include "admin" (serve.keys in knowhow.yaml).',
  });
}

/**
 * The HTTP API and the dashboard as a Hono app. Everything concrete is injected, so tests drive
 * it in-process with `app.request()` and over a real socket with startServer.
 */
export function createServeApp(dependencies: ServeDependencies): Hono<ServeEnv> {
  const runtime = createRuntime(dependencies);
  const app = new Hono<ServeEnv>();
  const matchKey = createKeyMatcher(dependencies.keys);
  const keysRequired = dependencies.keys.length > 0;
  const limiter = createRateLimiter({
    perMinute: dependencies.config.serve.rateLimitPerMinute,
    ...(dependencies.monotonicNow ? { now: dependencies.monotonicNow } : {}),
  });

  // Outermost: sees every response, errors included, after every other middleware.
  app.use('*', redactResponses());

  app.onError((thrown, c) => {
    const error =
      thrown instanceof HTTPException
        ? new KnowhowError(httpExceptionCode(thrown.status), thrown.message || 'The request was refused.')
        : thrown;
    const response = toErrorResponse(error, runtime.roots);
    if (response.error.code === 'INTERNAL') {
      runtime.log(`${c.req.method} ${c.req.path} failed: ${describeForLog(thrown)}`);
    }
    if (response.error.code === 'UNAUTHORIZED') c.header('WWW-Authenticate', 'Bearer realm="knowhow"');
    const retryAfter = response.error.details.retryAfterSeconds;
    if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
    return c.json(response.body, response.status as 400);
  });

  app.notFound((c) => {
    const response = toErrorResponse(
      new KnowhowError('INPUT_NOT_FOUND', `There is no ${c.req.method} ${c.req.path}.`, {
        hint: 'The API lives under /v1 (chat/completions, models, search, ingest, runs, feedback); the dashboard at /.',
      }),
    );
    return c.json(response.body, 404);
  });

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });

  // Before any route, the dashboard included: a page on another origin must get nothing from it.
  app.use(
    '*',
    hostGuard({
      allowedHosts: dependencies.config.serve.allowedHosts,
      enforce: !keysRequired || dependencies.config.serve.allowedHosts.length > 0,
    }),
  );
  app.use('*', originGuard());

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  const page = renderDashboardPage({
    project: dependencies.project ?? dependencies.config.project,
    keysRequired,
  });
  const dashboard = (c: Context<ServeEnv>) => {
    // Everything the page needs is inline (pinned by hash); it may only call back into this origin.
    c.header('Content-Security-Policy', page.contentSecurityPolicy);
    return c.html(page.html);
  };
  app.get('/', dashboard);
  app.get('/dashboard', dashboard);

  // Authentication, then the rate limit, then the request's deadline: a request without a valid
  // key costs nothing beyond its headers.
  app.use('/v1/*', async (c, next) => {
    if (!keysRequired) {
      c.set('principal', LOCAL_OPERATOR);
    } else {
      const header = c.req.header('authorization');
      const presented = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
      if (!presented) {
        throw new KnowhowError('UNAUTHORIZED', 'Missing API key.', {
          hint: 'Send the header "Authorization: Bearer <key>" with a key from serve.keys.',
        });
      }
      const key = matchKey(presented);
      if (!key) {
        throw new KnowhowError('UNAUTHORIZED', 'Unknown API key.', {
          hint: 'Check the key; keys are configured in serve.keys (knowhow.yaml) or KNOWHOW_API_KEYS.',
        });
      }
      c.set('principal', principalFor(key));
    }
    const decision = limiter.take(c.get('principal').keyName);
    c.header('X-RateLimit-Limit', String(dependencies.config.serve.rateLimitPerMinute));
    c.header('X-RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      throw new KnowhowError('RATE_LIMITED', `Rate limit reached for key "${c.get('principal').keyName}".`, {
        hint: `Retry after ${decision.retryAfterSeconds} s, or raise serve.rateLimitPerMinute (now ${dependencies.config.serve.rateLimitPerMinute}).`,
        details: { retryAfterSeconds: decision.retryAfterSeconds },
      });
    }
    await withDeadline(c, dependencies.config.serve.requestTimeoutMs, next);
  });

  app.get('/v1/models', (c) =>
    c.json({
      object: 'list',
      data: runtime.served
        .filter((served) => mayUseModel(c.get('principal'), served))
        .map((served) => ({
          id: served.id,
          object: 'model',
          created: 0,
          owned_by: 'knowhow',
          knowhow: {
            model: describeModel(served.model),
            retrieval: served.retrieval,
            context: served.context,
            extractive: served.model.capabilities.extractive,
            description: served.description,
          },
        })),
    } satisfies ModelListResponse),
  );

  app.get('/v1/models/:id', (c) => {
    const served = runtime.served.find((entry) => entry.id === c.req.param('id'));
    if (!served) {
      throw new KnowhowError('INPUT_NOT_FOUND', `The model "${c.req.param('id')}" is not served here.`, {
        hint: `Use one of: ${runtime.served.map((entry) => entry.id).join(', ')}.`,
        details: { param: 'model' },
      });
    }
    requireUsableModel(c.get('principal'), served);
    return c.json({ id: served.id, object: 'model', created: 0, owned_by: 'knowhow' });
  });

  app.post('/v1/chat/completions', acceptBody(JSON_BODY), (c) => handleChatCompletion(c, runtime));

  app.post('/v1/search', acceptBody(JSON_BODY), async (c) => {
    const body = await readJsonBody(c.req.raw, runtime.maxBodyBytes);
    const request = parseRequest(searchRequestSchema, body, 'search');
    const result = await retrieveForRequest(runtime, {
      query: request.query,
      reader: c.get('principal').reader,
      signal: c.get('deadline').signal,
      ...(request.k === undefined ? {} : { k: request.k }),
      ...(request.mode === undefined ? {} : { mode: request.mode }),
    });
    return c.json({
      object: 'list',
      query: request.query,
      mode: result.mode,
      reranked: result.reranked,
      retrieval_ms: Math.round((result.timings.retrieveMs + result.timings.rerankMs) * 10) / 10,
      data: result.hits.map((hit) => ({
        rank: hit.rank,
        score: hit.score,
        chunk_id: hit.chunk.id,
        document_id: hit.chunk.documentId,
        title: hit.chunk.title,
        heading_path: hit.chunk.headingPath,
        source: hit.chunk.source,
        start: hit.chunk.start,
        end: hit.chunk.end,
        ...sourceLocationJson(hit.chunk),
        text: hit.chunk.text,
        snippet: findSnippet(hit.chunk.text, request.query, {
          language: hit.chunk.language ?? runtime.config.retrieve.language,
        }),
      })),
    } satisfies SearchResponse);
  });

  app.post('/v1/ingest', acceptBody('multipart/form-data', JSON_BODY), async (c) => {
    if (!c.get('principal').isAdmin) throw forbidden('ingest documents');
    const result = await ingestUpload(c.req.raw, runtime, c.get('deadline').signal);
    return c.json(result.body as object, result.status as 200);
  });

  // Ids hold "/" and "#": `{.+}` takes the rest of the path, decoded.
  app.delete('/v1/documents/:id{.+}', async (c) => {
    if (!c.get('principal').isAdmin) throw forbidden('delete documents');
    return c.json(await deleteDocument(c.req.param('id'), runtime));
  });

  app.post('/v1/feedback', acceptBody(JSON_BODY), async (c) => {
    const body = await readJsonBody(c.req.raw, runtime.maxBodyBytes);
    const request = parseRequest(feedbackRequestSchema, body, 'feedback');
    const entry = buildFeedbackEntry({
      request,
      principal: c.get('principal'),
      served: runtime.served,
      now: runtime.now(),
    });
    await appendFeedback(dependencies.feedbackFile, entry);
    const linked = request.response_id
      ? await runtime.experiments.recordFeedback({
          responseId: request.response_id,
          rating: request.rating,
          corrected: request.correctedAnswer !== undefined,
          now: runtime.now(),
        })
      : undefined;
    return c.json(
      {
        object: 'feedback',
        id: entry.id,
        created_at: entry.createdAt,
        ...(linked ? { experiment: linked.experiment, arm: linked.arm } : {}),
      } satisfies FeedbackResponse,
      201,
    );
  });

  app.get('/v1/feedback', (c) => listFeedback(c, runtime));
  app.get('/v1/drafts', (c) => listDrafts(c, runtime));
  app.post('/v1/drafts/:id/review', acceptBody(JSON_BODY), (c) => reviewDraft(c, runtime));

  // Experiment outcomes compare architectures across every user: admin keys only, like eval runs.
  app.get('/v1/experiments', async (c) => {
    if (!c.get('principal').isAdmin) throw forbidden('read experiment reports');
    const reports = await readExperimentReports({
      experiments: dependencies.config.serve.experiments,
      logFile: path.join(dependencies.dataDirectory, EXPERIMENTS_LOG),
    });
    return c.json({ object: 'list', data: reports } satisfies ExperimentListResponse);
  });
  app.post('/v1/feedback/:id/review', acceptBody(JSON_BODY), (c) => reviewFeedback(c, runtime));

  // Eval runs hold answers and passages of every access group: admin keys only.
  app.get('/v1/runs', async (c) => {
    if (!c.get('principal').isAdmin) throw forbidden('read eval runs');
    return c.json({
      object: 'list',
      data: await listRuns(dependencies.runsDirectory),
    } satisfies RunListResponse);
  });

  app.get('/v1/runs/:id', async (c) => {
    if (!c.get('principal').isAdmin) throw forbidden('read eval runs');
    return c.json(await readRun(dependencies.runsDirectory, c.req.param('id')));
  });

  app.get('/v1/runs/:id/report.html', async (c) => {
    if (!c.get('principal').isAdmin) throw forbidden('read eval runs');
    const html = await readRunReportHtml(dependencies.runsDirectory, c.req.param('id'));
    // Opened directly, the report runs sandboxed: it is data, not part of this origin.
    c.header(
      'Content-Security-Policy',
      "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:",
    );
    return c.html(html);
  });

  return app;
}

/**
 * Gives the request an abort signal that fires when the client goes away or the request runs past
 * serve.requestTimeoutMs; past the deadline the request fails with TIMEOUT (504).
 */
async function withDeadline(
  c: { req: { raw: Request }; set: (key: 'deadline', value: Deadline) => void },
  timeoutMs: number,
  next: () => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const client = c.req.raw.signal;
  const onClientAbort = () =>
    controller.abort(new KnowhowError('CANCELLED', 'The client closed the connection.'));
  client.addEventListener('abort', onClientAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new KnowhowError('TIMEOUT', `The request ran past ${timeoutMs} ms.`, {
        hint: 'Ask for less (smaller k, fewer max_tokens), or raise serve.requestTimeoutMs in knowhow.yaml.',
      });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    timer.unref?.();
  });
  timedOut.catch(() => {});
  let held = false;
  const release = () => {
    clearTimeout(timer);
    client.removeEventListener('abort', onClientAbort);
  };
  c.set('deadline', {
    signal: controller.signal,
    hold() {
      held = true;
      return release;
    },
  });
  try {
    await Promise.race([next(), timedOut]);
  } finally {
    if (!held) release();
  }
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server implementing the documented fine-tuning lifecycle of OpenAI or Together
 * (shapes in README.md beside this file), so the real clients are tested over real HTTP:
 * multipart uploads with the engines' file checks, job creation (with rejections), status
 * progression one step per GET (deterministic, no timers), events with loss, remote failure
 * with the engine's reason, cancellation, and 401 for a wrong key.
 */

export type FixtureEngine = 'openai' | 'together';

export interface FineTuningServerOptions {
  engine: FixtureEngine;
  /** The only key accepted; anything else gets the engine's 401. */
  apiKey?: string;
  /** `fail`: the job fails remotely after starting to train. */
  outcome?: 'succeed' | 'fail';
  /** Models the engine accepts for fine-tuning; any when omitted. */
  supportedModels?: string[];
}

export interface RecordedCall {
  method: string;
  path: string;
  json?: unknown;
  form?: Record<string, string>;
}

interface FixtureJob {
  id: string;
  model: string;
  suffix?: string;
  statuses: string[];
  index: number;
  events: Record<string, unknown>[];
  createdAt: number;
  cancelled: boolean;
}

export interface FineTuningServer {
  /** Base URL including /v1, as the clients expect. */
  readonly url: string;
  readonly calls: RecordedCall[];
  readonly files: Map<string, { name: string; text: string }>;
  readonly jobs: Map<string, FixtureJob>;
  /**
   * The next `times` requests (after the key check) get 429 with `Retry-After: <seconds>`, as
   * both engines answer when rate-limited; what follows is served normally.
   */
  rateLimitNext(times: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

const flows: Record<FixtureEngine, Record<'succeed' | 'fail', string[]>> = {
  openai: {
    succeed: ['validating_files', 'queued', 'running', 'running', 'succeeded'],
    fail: ['validating_files', 'queued', 'running', 'failed'],
  },
  together: {
    succeed: ['pending', 'queued', 'running', 'compressing', 'uploading', 'completed'],
    fail: ['pending', 'queued', 'running', 'error'],
  },
};

const terminal = new Set(['succeeded', 'failed', 'cancelled', 'completed', 'error', 'user_error']);
const remoteFailure = 'CUDA out of memory while training step 12; reduce the batch size or the sequence length.';

function errorBody(message: string, code: string, param: string | null = null) {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

/** The per-line checks both engines apply to an uploaded fine-tuning file. */
function checkTrainingFile(text: string): string | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return 'The file is empty.';
  for (const [index, line] of lines.entries()) {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return `Invalid file format. Line ${index + 1} is not valid JSON.`;
    }
    const messages = (record as { messages?: unknown }).messages;
    if (!Array.isArray(messages) || messages.length === 0) return `Invalid file format. Line ${index + 1}: missing "messages".`;
    for (const message of messages as { role?: unknown; content?: unknown }[]) {
      if (!['system', 'user', 'assistant'].includes(String(message.role))) {
        return `Invalid file format. Line ${index + 1}: unrecognized role "${String(message.role)}".`;
      }
      if (typeof message.content !== 'string') return `Invalid file format. Line ${index + 1}: message content must be a string.`;
    }
    if (!(messages as { role?: unknown }[]).some((message) => message.role === 'assistant')) {
      return `Invalid file format. Line ${index + 1}: no assistant message.`;
    }
  }
  return undefined;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFineTuningServer(options: FineTuningServerOptions): Promise<FineTuningServer> {
  const apiKey = options.apiKey ?? 'test-key';
  const calls: RecordedCall[] = [];
  const files = new Map<string, { name: string; text: string }>();
  const jobs = new Map<string, FixtureJob>();
  let counter = 0;
  const engine = options.engine;

  const statusOf = (job: FixtureJob) => job.statuses[job.index]!;
  const jobView = (job: FixtureJob) => {
    const status = statusOf(job);
    if (engine === 'openai') {
      const succeeded = status === 'succeeded';
      return {
        object: 'fine_tuning.job',
        id: job.id,
        model: job.model,
        created_at: job.createdAt,
        status,
        fine_tuned_model: succeeded ? `ft:${job.model}:knowhow:${job.suffix ?? 'model'}:${job.id.slice(-6)}` : null,
        trained_tokens: succeeded ? 123_456 : null,
        error: status === 'failed' ? { code: 'server_error', message: remoteFailure, param: null } : null,
        hyperparameters: { n_epochs: 3 },
      };
    }
    return {
      id: job.id,
      status,
      created_at: new Date(job.createdAt * 1000).toISOString(),
      updated_at: new Date(job.createdAt * 1000).toISOString(),
      model: job.model,
      model_output_name: `knowhow/${job.model.split('/').pop()}-${job.suffix ?? 'ft'}-${job.id.slice(-6)}`,
      token_count: status === 'completed' ? 98_765 : 0,
      total_price: status === 'completed' ? 4 : 0,
    };
  };

  const addEvent = (job: FixtureJob, status: string, step: number) => {
    const at = job.createdAt + job.events.length * 60;
    if (engine === 'openai') {
      if (status === 'running') {
        job.events.push({
          object: 'fine_tuning.job.event', id: `ftevent-${job.events.length}`, created_at: at, level: 'info',
          message: `Step ${step}/20: training loss=${(2 / step).toFixed(4)}`, type: 'metrics',
          data: { step, total_steps: 20, train_loss: 2 / step, valid_loss: 2.2 / step },
        });
      } else {
        const failed = status === 'failed';
        job.events.push({
          object: 'fine_tuning.job.event', id: `ftevent-${job.events.length}`, created_at: at, level: failed ? 'error' : 'info',
          message: failed ? remoteFailure : `Job status: ${status}`, type: 'message', data: {},
        });
      }
      return;
    }
    const type =
      status === 'running' ? 'epoch_complete' : status === 'error' ? 'job_error' : status === 'completed' ? 'job_complete' : status === 'cancelled' ? 'job_stopped' : 'job_pending';
    job.events.push({
      object: 'fine-tune-event', created_at: new Date(at * 1000).toISOString(), level: status === 'error' ? 'error' : 'info',
      message: status === 'running' ? `Epoch completed, at step ${step}, loss: ${(2 / step).toFixed(4)}` : status === 'error' ? remoteFailure : `Job ${status}`,
      type, param_count: 0, token_count: 0, total_steps: status === 'running' ? 20 : 0, wandb_url: '', step: status === 'running' ? step : 0,
      checkpoint_path: '', model_path: '', training_offset: 0, hash: '',
    });
  };

  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  let rateLimits = 0;
  let retryAfterSeconds = 1;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/v1/, '');
    const raw = await readBody(request);
    const call: RecordedCall = { method: request.method ?? 'GET', path: url.pathname + url.search };
    const contentType = request.headers['content-type'] ?? '';
    let form: FormData | undefined;
    if (contentType.startsWith('multipart/form-data')) {
      form = await new Request('http://fixture/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      call.form = {};
      for (const [key, value] of form.entries()) call.form[key] = typeof value === 'string' ? value : `<file ${value.name}>`;
    } else if (raw.length > 0) {
      try {
        call.json = JSON.parse(raw.toString('utf8'));
      } catch {
        call.json = raw.toString('utf8');
      }
    }
    calls.push(call);

    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      const message =
        engine === 'openai'
          ? 'Incorrect API key provided: sk-old***. You can find your API key at https://platform.openai.com/account/api-keys.'
          : 'Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.';
      send(response, 401, errorBody(message, 'invalid_api_key'));
      return;
    }

    if (rateLimits > 0) {
      rateLimits--;
      response.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(retryAfterSeconds),
      });
      response.end(JSON.stringify(errorBody('Rate limit reached for requests.', 'rate_limit_exceeded')));
      return;
    }

    const uploadPath = engine === 'openai' ? '/files' : '/files/upload';
    const jobsPath = engine === 'openai' ? '/fine_tuning/jobs' : '/fine-tunes';
    if (request.method === 'POST' && path === uploadPath) {
      const file = form?.get('file');
      if (form?.get('purpose') !== 'fine-tune' || !(file instanceof File)) {
        send(response, 400, errorBody('purpose=fine-tune and a file are required', 'invalid_request', 'file'));
        return;
      }
      if (engine === 'together' && typeof form.get('file_name') !== 'string') {
        send(response, 400, errorBody('file_name is required', 'invalid_request', 'file_name'));
        return;
      }
      const text = await file.text();
      const problem = checkTrainingFile(text);
      if (problem) {
        send(response, 400, errorBody(problem, 'invalid_file_format', 'file'));
        return;
      }
      const id = `file-${++counter}`;
      files.set(id, { name: file.name, text });
      send(response, 200, { id, object: 'file', bytes: text.length, created_at: 1_761_000_000, filename: file.name, purpose: 'fine-tune', status: 'processed' });
      return;
    }
    if (request.method === 'POST' && path === jobsPath) {
      const body = (call.json ?? {}) as { model?: string; training_file?: string; validation_file?: string; suffix?: string };
      if (!body.model || (options.supportedModels && !options.supportedModels.includes(body.model))) {
        send(response, 400, errorBody(`Model ${body.model ?? '(none)'} is not available for fine-tuning or does not exist.`, 'model_not_available', 'model'));
        return;
      }
      const training = body.training_file ? files.get(body.training_file) : undefined;
      if (!training) {
        send(response, 400, errorBody(`File ${body.training_file ?? '(none)'} not found.`, 'invalid_training_file', 'training_file'));
        return;
      }
      const examples = training.text.split('\n').filter((line) => line.trim()).length;
      if (engine === 'openai' && examples < 10) {
        send(response, 400, errorBody(`Training file has ${examples} example(s), but must have at least 10 examples.`, 'invalid_training_file', 'training_file'));
        return;
      }
      const job: FixtureJob = {
        id: engine === 'openai' ? `ftjob-${String(++counter).padStart(6, '0')}` : `ft-${String(++counter).padStart(6, '0')}`,
        model: body.model,
        ...(body.suffix ? { suffix: body.suffix } : {}),
        statuses: flows[engine][options.outcome ?? 'succeed'],
        index: 0,
        events: [],
        createdAt: 1_761_000_000,
        cancelled: false,
      };
      addEvent(job, statusOf(job), 0);
      jobs.set(job.id, job);
      send(response, 200, jobView(job));
      return;
    }
    const match = new RegExp(`^${jobsPath.replace(/\//g, '\\/')}\\/([^/]+)(\\/events|\\/cancel)?$`).exec(path);
    const job = match ? jobs.get(decodeURIComponent(match[1]!)) : undefined;
    if (match && !job) {
      send(response, 404, errorBody(`No fine-tuning job found with id ${match[1]}`, 'not_found', 'id'));
      return;
    }
    if (job && request.method === 'GET' && match?.[2] === undefined) {
      if (!terminal.has(statusOf(job)) && job.index < job.statuses.length - 1) {
        job.index++;
        addEvent(job, statusOf(job), job.index);
      }
      send(response, 200, jobView(job));
      return;
    }
    if (job && request.method === 'GET' && match?.[2] === '/events') {
      send(response, 200, engine === 'openai' ? { object: 'list', data: [...job.events].reverse(), has_more: false } : { data: job.events });
      return;
    }
    if (job && request.method === 'POST' && match?.[2] === '/cancel') {
      if (terminal.has(statusOf(job))) {
        send(response, 400, errorBody(`Job ${job.id} has already ${statusOf(job)} and cannot be cancelled.`, 'invalid_state'));
        return;
      }
      job.statuses = [...job.statuses.slice(0, job.index + 1), 'cancelled'];
      job.index++;
      job.cancelled = true;
      addEvent(job, 'cancelled', job.index);
      send(response, 200, jobView(job));
      return;
    }
    send(response, 404, errorBody(`Unknown path ${request.method} ${url.pathname}`, 'not_found'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    files,
    jobs,
    rateLimitNext(times, seconds) {
      rateLimits = times;
      retryAfterSeconds = seconds;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

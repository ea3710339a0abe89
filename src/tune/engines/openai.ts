import path from 'node:path';
import { KnowhowError } from '../../core/errors.js';
import {
  createHostedEndpoint,
  type HostedEngineOptions,
  requestHosted,
  requireString,
  uploadJsonlFile,
} from './hosted-request.js';
import { checkOpenAiDeadline } from './openai-deadline.js';
import type { CreateJobInput, TuneEngine, TuneEvent, TuneJob, TuneJobStatus } from './tune-engine.js';

/**
 * OpenAI fine-tuning (documented API): POST /files (multipart, purpose=fine-tune) →
 * POST /fine_tuning/jobs → GET /fine_tuning/jobs/{id} and /events → fine_tuned_model;
 * POST /fine_tuning/jobs/{id}/cancel. Closing to new jobs after 2027-01-06.
 * Recorded shapes: src/tune/__fixtures__/openai-*.json.
 */

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAiEngineOptions extends HostedEngineOptions {
  now?: () => Date;
  /** Receives the closing notice when a job is created. */
  onWarning?: (message: string) => void;
}

const statusMap: Record<string, TuneJobStatus> = {
  validating_files: 'queued',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
};

interface OpenAiJob {
  id?: unknown;
  status?: unknown;
  model?: unknown;
  fine_tuned_model?: unknown;
  error?: { code?: unknown; message?: unknown; param?: unknown } | null;
  trained_tokens?: unknown;
  created_at?: unknown;
}

export function createOpenAiEngine(options: OpenAiEngineOptions = {}): TuneEngine {
  const endpoint = createHostedEndpoint(
    {
      label: 'OpenAI',
      defaultBaseURL: OPENAI_DEFAULT_BASE_URL,
      apiKeyEnv: 'OPENAI_API_KEY',
      baseURLEnv: 'KNOWHOW_OPENAI_BASE_URL',
    },
    options,
  );
  const now = options.now ?? (() => new Date());

  const toJob = (value: unknown, operation: string): TuneJob => {
    const job = (value ?? {}) as OpenAiJob;
    const id = requireString(endpoint, job.id, 'id', operation);
    const engineStatus = requireString(endpoint, job.status, 'status', operation);
    const error = job.error && typeof job.error.message === 'string' ? job.error : undefined;
    return {
      id,
      engine: 'openai',
      status: statusMap[engineStatus] ?? 'running',
      engineStatus,
      baseModel: typeof job.model === 'string' ? job.model : '',
      ...(typeof job.fine_tuned_model === 'string' ? { resultModel: job.fine_tuned_model } : {}),
      ...(error
        ? {
            error: `${error.message as string}${typeof error.code === 'string' ? ` (${error.code}${typeof error.param === 'string' ? `, ${error.param}` : ''})` : ''}`,
          }
        : {}),
      ...(typeof job.trained_tokens === 'number' ? { trainedTokens: job.trained_tokens } : {}),
      ...(typeof job.created_at === 'number'
        ? { createdAt: new Date(job.created_at * 1000).toISOString() }
        : {}),
    };
  };

  return {
    name: 'openai',
    async uploadFile({ file }) {
      const { body: uploaded, operation } = await uploadJsonlFile(endpoint, {
        path: '/files',
        file,
        fields: { purpose: 'fine-tune' },
      });
      if (uploaded.status === 'error') {
        throw new KnowhowError(
          'TUNE_FAILED',
          `OpenAI rejected ${path.basename(file)}: ${String(uploaded.status_details ?? 'file validation failed')}`,
          {
            hint: 'Fix the file as the message says, run `knowhow tune prepare` again, then launch.',
            details: { engine: 'OpenAI', file },
          },
        );
      }
      return { fileId: requireString(endpoint, uploaded.id, 'id', operation) };
    },
    async createJob(input: CreateJobInput) {
      // Checked before anything is sent: after the closing day no request may create a job.
      const notice = checkOpenAiDeadline(now());
      options.onWarning?.(notice);
      const body = {
        model: input.model,
        training_file: input.trainingFileId,
        ...(input.validationFileId ? { validation_file: input.validationFileId } : {}),
        ...(input.suffix ? { suffix: input.suffix.slice(0, 64) } : {}),
        seed: input.hyperparameters.seed,
        method: {
          type: 'supervised',
          supervised: { hyperparameters: { n_epochs: input.hyperparameters.epochs } },
        },
      };
      const operation = 'create the fine-tuning job';
      return toJob(
        await requestHosted(endpoint, { method: 'POST', path: '/fine_tuning/jobs', json: body, operation }),
        operation,
      );
    },
    async getJob(jobId) {
      const operation = `read job ${jobId}`;
      return toJob(
        await requestHosted(endpoint, {
          method: 'GET',
          path: `/fine_tuning/jobs/${encodeURIComponent(jobId)}`,
          operation,
          jobId,
        }),
        operation,
      );
    },
    async listEvents(jobId) {
      const list = (await requestHosted(endpoint, {
        method: 'GET',
        path: `/fine_tuning/jobs/${encodeURIComponent(jobId)}/events?limit=100`,
        operation: `read the events of job ${jobId}`,
        jobId,
      })) as { data?: unknown };
      const events = Array.isArray(list.data) ? list.data : [];
      // OpenAI lists newest first; status shows them in the order they happened.
      return events.map(toEvent).reverse();
    },
    async cancelJob(jobId) {
      const operation = `cancel job ${jobId}`;
      return toJob(
        await requestHosted(endpoint, {
          method: 'POST',
          path: `/fine_tuning/jobs/${encodeURIComponent(jobId)}/cancel`,
          operation,
          jobId,
        }),
        operation,
      );
    },
  };
}

function toEvent(value: unknown): TuneEvent {
  const event = (value ?? {}) as {
    created_at?: unknown;
    level?: unknown;
    message?: unknown;
    type?: unknown;
    data?: unknown;
  };
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<
    string,
    unknown
  >;
  const number = (key: string) => (typeof data[key] === 'number' ? (data[key] as number) : undefined);
  const step = number('step');
  const totalSteps = number('total_steps');
  const loss = number('train_loss');
  const evalLoss = number('valid_loss') ?? number('full_valid_loss');
  return {
    createdAt: typeof event.created_at === 'number' ? new Date(event.created_at * 1000).toISOString() : '',
    level: event.level === 'error' ? 'error' : event.level === 'warn' ? 'warning' : 'info',
    message: typeof event.message === 'string' ? event.message : '',
    ...(step === undefined ? {} : { step }),
    ...(totalSteps === undefined ? {} : { totalSteps }),
    ...(loss === undefined ? {} : { loss }),
    ...(evalLoss === undefined ? {} : { evalLoss }),
  };
}

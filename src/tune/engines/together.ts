import path from 'node:path';
import {
  createHostedEndpoint,
  type HostedEngineOptions,
  requestHosted,
  requireString,
  uploadJsonlFile,
} from './hosted-request.js';
import {
  type CreateJobInput,
  parseLossFromMessage,
  type TuneEngine,
  type TuneEvent,
  type TuneJob,
  type TuneJobStatus,
} from './tune-engine.js';

/**
 * Together fine-tuning (documented API): POST /files/upload (multipart: purpose=fine-tune,
 * file_name, file_type=jsonl, file) → POST /fine-tunes (LoRA) → GET /fine-tunes/{id} and
 * /events → model_output_name; POST /fine-tunes/{id}/cancel. Statuses: pending → queued →
 * running → compressing → uploading → completed, or error / user_error / cancelled.
 * Recorded shapes: src/tune/__fixtures__/together-*.json.
 */

export const TOGETHER_DEFAULT_BASE_URL = 'https://api.together.xyz/v1';

export type TogetherEngineOptions = HostedEngineOptions;

const statusMap: Record<string, TuneJobStatus> = {
  pending: 'queued',
  queued: 'queued',
  running: 'running',
  compressing: 'running',
  uploading: 'running',
  cancel_requested: 'running',
  completed: 'succeeded',
  error: 'failed',
  user_error: 'failed',
  cancelled: 'cancelled',
};

interface TogetherJob {
  id?: unknown;
  status?: unknown;
  model?: unknown;
  model_output_name?: unknown;
  output_name?: unknown;
  token_count?: unknown;
  total_price?: unknown;
  created_at?: unknown;
  events?: unknown;
}

interface TogetherEvent {
  created_at?: unknown;
  level?: unknown;
  message?: unknown;
  type?: unknown;
  step?: unknown;
  total_steps?: unknown;
}

export function createTogetherEngine(options: TogetherEngineOptions = {}): TuneEngine {
  const endpoint = createHostedEndpoint(
    {
      label: 'Together',
      defaultBaseURL: TOGETHER_DEFAULT_BASE_URL,
      apiKeyEnv: 'TOGETHER_API_KEY',
      baseURLEnv: 'KNOWHOW_TOGETHER_BASE_URL',
    },
    options,
  );

  const readEvents = async (jobId: string): Promise<TogetherEvent[]> => {
    const list = (await requestHosted(endpoint, {
      method: 'GET',
      path: `/fine-tunes/${encodeURIComponent(jobId)}/events`,
      operation: `read the events of job ${jobId}`,
      jobId,
    })) as { data?: unknown };
    return Array.isArray(list.data) ? (list.data as TogetherEvent[]) : [];
  };

  const toJob = async (value: unknown, operation: string): Promise<TuneJob> => {
    const job = (value ?? {}) as TogetherJob;
    const id = requireString(endpoint, job.id, 'id', operation);
    const engineStatus = requireString(endpoint, job.status, 'status', operation);
    const status = statusMap[engineStatus] ?? 'running';
    const output =
      typeof job.model_output_name === 'string'
        ? job.model_output_name
        : typeof job.output_name === 'string'
          ? job.output_name
          : undefined;
    let error: string | undefined;
    if (status === 'failed') {
      // Together gives a failed job's reason as its last error event, not as a field of the job.
      const events =
        Array.isArray(job.events) && job.events.length > 0
          ? (job.events as TogetherEvent[])
          : await readEvents(id);
      const reason = [...events]
        .reverse()
        .find(
          (event) => event.type === 'job_error' || event.level === 'error' || event.type === 'billing_limit',
        );
      error =
        typeof reason?.message === 'string' ? reason.message : `the job ended with status "${engineStatus}"`;
    }
    return {
      id,
      engine: 'together',
      status,
      engineStatus,
      baseModel: typeof job.model === 'string' ? job.model : '',
      ...(status === 'succeeded' && output ? { resultModel: output } : {}),
      ...(error ? { error } : {}),
      ...(typeof job.token_count === 'number' ? { trainedTokens: job.token_count } : {}),
      ...(typeof job.total_price === 'number' ? { enginePrice: job.total_price } : {}),
      ...(typeof job.created_at === 'string' ? { createdAt: job.created_at } : {}),
    };
  };

  return {
    name: 'together',
    async uploadFile({ file }) {
      const { body, operation } = await uploadJsonlFile(endpoint, {
        path: '/files/upload',
        file,
        fields: { purpose: 'fine-tune', file_name: path.basename(file), file_type: 'jsonl' },
      });
      return { fileId: requireString(endpoint, body.id, 'id', operation) };
    },
    async createJob(input: CreateJobInput) {
      const h = input.hyperparameters;
      const body = {
        training_file: input.trainingFileId,
        ...(input.validationFileId
          ? { validation_file: input.validationFileId, n_evals: Math.max(1, h.epochs) }
          : {}),
        model: input.model,
        n_epochs: h.epochs,
        n_checkpoints: 1,
        learning_rate: h.learningRate,
        warmup_ratio: h.warmupRatio,
        ...(input.suffix ? { suffix: input.suffix.slice(0, 64) } : {}),
        // Loss on assistant turns only, like the local script and the Axolotl config.
        training_method: { method: 'sft', train_on_inputs: false },
        training_type: {
          type: 'Lora',
          lora_r: h.loraR,
          lora_alpha: h.loraAlpha,
          lora_dropout: h.loraDropout,
          // Together trains every linear layer unless told otherwise; send the modules the exports and registry record.
          lora_trainable_modules: h.targetModules.join(','),
        },
      };
      const operation = 'create the fine-tuning job';
      return toJob(
        await requestHosted(endpoint, { method: 'POST', path: '/fine-tunes', json: body, operation }),
        operation,
      );
    },
    async getJob(jobId) {
      const operation = `read job ${jobId}`;
      return toJob(
        await requestHosted(endpoint, {
          method: 'GET',
          path: `/fine-tunes/${encodeURIComponent(jobId)}`,
          operation,
          jobId,
        }),
        operation,
      );
    },
    async listEvents(jobId) {
      return (await readEvents(jobId)).map(toEvent);
    },
    async cancelJob(jobId) {
      const operation = `cancel job ${jobId}`;
      return toJob(
        await requestHosted(endpoint, {
          method: 'POST',
          path: `/fine-tunes/${encodeURIComponent(jobId)}/cancel`,
          operation,
          jobId,
        }),
        operation,
      );
    },
  };
}

function toEvent(event: TogetherEvent): TuneEvent {
  const message = typeof event.message === 'string' ? event.message : '';
  const loss = parseLossFromMessage(message);
  const evalMatch = /(?:eval|validation)[_ ]loss\s*[:=]?\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)/i.exec(message);
  return {
    createdAt: typeof event.created_at === 'string' ? event.created_at : '',
    level:
      event.level === 'error' || event.type === 'job_error'
        ? 'error'
        : event.level === 'warning'
          ? 'warning'
          : 'info',
    message,
    ...(typeof event.step === 'number' && event.step > 0 ? { step: event.step } : {}),
    ...(typeof event.total_steps === 'number' && event.total_steps > 0
      ? { totalSteps: event.total_steps }
      : {}),
    ...(loss === undefined ? {} : { loss }),
    ...(evalMatch ? { evalLoss: Number(evalMatch[1]) } : {}),
  };
}

import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowhowError } from '../core/errors.js';
import { hashText } from '../core/text/hash.js';
import {
  checkLoraFit,
  describeLoraFitProblems,
  readGgufHeader,
  readGgufTensors,
} from '../providers/llama-cpp/index.js';
import { OPENAI_DEFAULT_BASE_URL } from './engines/openai.js';
import { TOGETHER_DEFAULT_BASE_URL } from './engines/together.js';
import type { TuneEngine } from './engines/tune-engine.js';
import { findDataset } from './find-dataset.js';
import { findJob, type JobRecord, mergeJobState, saveJob } from './jobs-store.js';
import {
  type RegisteredModel,
  readModelRegistry,
  registeredModelSchema,
  writeModelRegistry,
} from './model-registry.js';

/**
 * `tune register`: records a finished job's model, or a GGUF base + LoRA adapter, in
 * models.json. Everything is checked first — job succeeded, files exist and are what they claim,
 * chat templates agree — and only then is the registry written, in one atomic step, so a
 * failure leaves nothing half-registered.
 */

export interface RegisterResult {
  entry: RegisteredModel;
  warnings: string[];
  replaced: boolean;
}

async function commit(dataDir: string, entry: RegisteredModel, warnings: string[]): Promise<RegisterResult> {
  const valid = registeredModelSchema.parse(entry);
  const models = await readModelRegistry(dataDir);
  const replaced = models.some((model) => model.name === valid.name);
  await writeModelRegistry(dataDir, [...models.filter((model) => model.name !== valid.name), valid]);
  return { entry: valid, warnings, replaced };
}

/**
 * The groups of the dataset a job trained on, for jobs recorded before jobs kept them. A dataset
 * that is gone is an error: registering it as public could offer restricted data to every key.
 */
async function datasetGroups(dataDir: string, datasetId: string): Promise<string[]> {
  try {
    return (await findDataset(dataDir, datasetId)).manifest.groups ?? [];
  } catch (error) {
    throw new KnowhowError(
      'INPUT_NOT_FOUND',
      `The dataset ${datasetId} this job trained on is gone, so the groups its data came from are unknown; nothing was registered.`,
      {
        cause: error,
        hint: 'Prepare the same data again (`knowhow tune prepare`, same options) so that its data card records the groups, then register with --dataset.',
      },
    );
  }
}

export interface RegisterJobOptions {
  dataDir: string;
  engine: TuneEngine;
  jobId?: string;
  name?: string;
  costUsd?: number;
  now?: () => Date;
}

/** A hosted job's tuned model, served through the engine's OpenAI-compatible endpoint. */
export async function registerHostedJob(options: RegisterJobOptions): Promise<RegisterResult> {
  const now = options.now ?? (() => new Date());
  const record = await findJob(options.dataDir, options.jobId);
  if (record.engine === 'local') {
    throw new KnowhowError(
      'USAGE',
      `Job ${record.id} trained a local PEFT adapter, which is registered as a GGUF adapter.`,
      {
        hint: `Convert it with \`knowhow tune convert-lora ${record.resultModel ?? '<adapter-dir>'} --base <hf-base-dir> --out adapter.gguf\`, then \`knowhow tune register --job ${record.id} --adapter adapter.gguf --base <base.gguf>\`.`,
      },
    );
  }
  const job = await options.engine.getJob(record.id);
  const updated = mergeJobState(record, job, now());
  await saveJob(options.dataDir, updated);
  if (job.status !== 'succeeded' || !job.resultModel) {
    const why =
      job.status === 'failed'
        ? `failed: ${job.error ?? 'no reason given'}`
        : job.status === 'cancelled'
          ? 'was cancelled'
          : `is still ${job.engineStatus}`;
    throw new KnowhowError(
      job.status === 'failed' || job.status === 'cancelled' ? 'TUNE_FAILED' : 'USAGE',
      `Job ${record.id} ${why}; nothing was registered.`,
      {
        hint:
          job.status === 'failed' || job.status === 'cancelled'
            ? 'Fix the cause, prepare and launch again.'
            : `Wait for it with \`knowhow tune status ${record.id} --follow\`, then register.`,
        details: { jobId: record.id, engine: record.engine, status: job.engineStatus },
      },
    );
  }
  const defaults =
    record.engine === 'openai'
      ? { baseURL: OPENAI_DEFAULT_BASE_URL, apiKeyEnv: 'OPENAI_API_KEY' }
      : { baseURL: TOGETHER_DEFAULT_BASE_URL, apiKeyEnv: 'TOGETHER_API_KEY' };
  const warnings: string[] = [];
  if (record.engine === 'together') {
    warnings.push(
      'Together serves some LoRA fine-tunes serverless; others need a dedicated endpoint before they answer. Check the model page if eval reports "model not found".',
    );
  }
  return commit(
    options.dataDir,
    {
      name: options.name ?? job.resultModel,
      kind: 'hosted',
      provider: 'openai-compatible',
      model: job.resultModel,
      baseURL: record.baseURL ?? defaults.baseURL,
      apiKeyEnv: record.apiKeyEnv ?? defaults.apiKeyEnv,
      // Hosted engines apply their own template for the base model both in training and serving.
      chatTemplate: { name: `${record.engine}-managed`, sha256: record.chatTemplate.sha256 },
      datasetHash: record.datasetHash,
      datasetId: record.datasetId,
      groups: record.groups ?? (await datasetGroups(options.dataDir, record.datasetId)),
      hyperparameters: record.hyperparameters,
      ...(options.costUsd === undefined ? {} : { costUsd: options.costUsd }),
      jobId: record.id,
      engine: record.engine,
      registeredAt: now().toISOString(),
    },
    warnings,
  );
}

export interface RegisterAdapterOptions {
  dataDir: string;
  /** GGUF LoRA adapter. */
  adapter: string;
  /** GGUF base model. */
  base: string;
  /** The local job that trained it, or the dataset it was trained on (for provenance). */
  jobId?: string;
  datasetId?: string;
  name?: string;
  costUsd?: number;
  /** Register even when the base model's chat template differs from the training template. */
  allowTemplateMismatch?: boolean;
  cwd?: string;
  now?: () => Date;
}

async function requireFile(file: string, what: string): Promise<void> {
  try {
    await access(file);
  } catch (error) {
    throw new KnowhowError('INPUT_NOT_FOUND', `The ${what} ${file} does not exist; nothing was registered.`, {
      cause: error,
    });
  }
}

/** Every adapter tensor against the base model's (shape, depth, vocabulary), as llama.cpp checks them at load. */
async function requireAdapterFits(adapter: string, base: string): Promise<void> {
  const [adapterFile, baseFile] = await Promise.all([readGgufTensors(adapter), readGgufTensors(base)]);
  const problems = checkLoraFit({ adapterTensors: adapterFile.tensors, baseTensors: baseFile.tensors });
  const first = problems[0];
  if (!first) return;
  throw new KnowhowError(
    'INPUT_INVALID',
    `The LoRA adapter ${adapter} does not fit the base model ${base}: ${describeLoraFitProblems(problems)}; nothing was registered.`,
    {
      hint: first.vocabulary
        ? "The adapter was trained on a model with another tokenizer: use that model's GGUF as --base, or re-convert the adapter against this one."
        : "Use the GGUF of the exact base model the adapter was trained on (same size and depth), or re-convert it with `knowhow tune convert-lora --base <that model's HF folder>`.",
      details: {
        tensor: first.tensor,
        vocabulary: first.vocabulary,
        problems: problems.slice(0, 10).map((problem) => problem.message),
      },
    },
  );
}

export async function registerAdapter(options: RegisterAdapterOptions): Promise<RegisterResult> {
  const now = options.now ?? (() => new Date());
  const cwd = options.cwd ?? process.cwd();
  const adapter = path.resolve(cwd, options.adapter);
  const base = path.resolve(cwd, options.base);
  await requireFile(adapter, 'LoRA adapter');
  await requireFile(base, 'base model');
  const headerOf = async (file: string, what: string) => {
    try {
      return (await readGgufHeader(file)).metadata;
    } catch (error) {
      throw new KnowhowError(
        'INPUT_INVALID',
        `The ${what} ${file} is not a GGUF file: ${error instanceof Error ? error.message : error}; nothing was registered.`,
        {
          cause: error,
          hint:
            what === 'LoRA adapter'
              ? 'Convert a PEFT adapter with `knowhow tune convert-lora <adapter-dir> --base <hf-base-dir> --out adapter.gguf`.'
              : 'Use the GGUF file of the base model the adapter was trained on.',
        },
      );
    }
  };
  const adapterMeta = await headerOf(adapter, 'LoRA adapter');
  const baseMeta = await headerOf(base, 'base model');
  const text = (meta: Map<string, { value?: unknown }>, key: string) => {
    const value = meta.get(key)?.value;
    return typeof value === 'string' ? value : undefined;
  };
  if (text(adapterMeta, 'general.type') !== 'adapter' || text(adapterMeta, 'adapter.type') !== 'lora') {
    throw new KnowhowError(
      'INPUT_INVALID',
      `${adapter} is a GGUF file but not a LoRA adapter (general.type=${text(adapterMeta, 'general.type') ?? 'missing'}, adapter.type=${text(adapterMeta, 'adapter.type') ?? 'missing'}); nothing was registered.`,
      {
        hint: 'Pass the adapter made by `knowhow tune convert-lora` (or llama.cpp convert_lora_to_gguf.py) as --adapter and the base model as --base.',
      },
    );
  }
  const adapterArch = text(adapterMeta, 'general.architecture');
  const baseArch = text(baseMeta, 'general.architecture');
  if (adapterArch !== baseArch) {
    throw new KnowhowError(
      'INPUT_INVALID',
      `The adapter is for architecture "${adapterArch}" but the base model is "${baseArch}"; nothing was registered.`,
      {
        hint: 'Use the base model the adapter was trained on.',
      },
    );
  }
  await requireAdapterFits(adapter, base);

  let provenance: {
    datasetHash: string;
    datasetId?: string;
    groups: string[];
    hyperparameters: JobRecord['hyperparameters'];
    chatTemplate: { name: string; sha256: string; file: string };
    jobId?: string;
  };
  if (options.jobId !== undefined) {
    const job = await findJob(options.dataDir, options.jobId);
    provenance = {
      datasetHash: job.datasetHash,
      datasetId: job.datasetId,
      groups: job.groups ?? (await datasetGroups(options.dataDir, job.datasetId)),
      hyperparameters: job.hyperparameters,
      chatTemplate: job.chatTemplate,
      jobId: job.id,
    };
  } else if (options.datasetId !== undefined) {
    const { directory, manifest } = await findDataset(options.dataDir, options.datasetId);
    provenance = {
      datasetHash: manifest.datasetHash,
      datasetId: manifest.datasetId,
      groups: manifest.groups ?? [],
      hyperparameters: manifest.hyperparameters,
      chatTemplate: { ...manifest.chatTemplate, file: path.join(directory, manifest.chatTemplate.file) },
    };
  } else {
    throw new KnowhowError(
      'USAGE',
      'Registering an adapter needs --job <local job id> or --dataset <dataset id>, so the registry records what it was trained on.',
      {
        hint: 'Example: knowhow tune register --adapter adapter.gguf --base base.gguf --dataset ds-1234abcd5678',
      },
    );
  }

  const warnings: string[] = [];
  const baseTemplate = text(baseMeta, 'tokenizer.chat_template');
  let trainedTemplate: string | undefined;
  try {
    trainedTemplate = await readFile(provenance.chatTemplate.file, 'utf8');
  } catch {
    warnings.push(
      `The training chat template ${provenance.chatTemplate.file} is gone; it could not be compared with the base model's.`,
    );
  }
  if (trainedTemplate !== undefined) {
    if (baseTemplate === undefined) {
      warnings.push(
        'The base GGUF has no tokenizer.chat_template: node-llama-cpp will guess the chat format. Re-convert the base model with the training template to be sure.',
      );
    } else if (hashText(baseTemplate.trim()) !== hashText(trainedTemplate.trim())) {
      const message = `The base model's chat template (in ${base}) differs from the one the adapter was trained with (${provenance.chatTemplate.name}); served prompts would be formatted differently from training, the most common cause of garbage output after fine-tuning.`;
      if (!options.allowTemplateMismatch) {
        throw new KnowhowError('INPUT_INVALID', `${message} Nothing was registered.`, {
          hint: `Prepare the data with --chat-template <base tokenizer_config.json> so training uses the base model's own template, or write the training template into the base GGUF; --allow-template-mismatch registers anyway.`,
        });
      }
      warnings.push(message);
    }
  }
  return commit(
    options.dataDir,
    {
      name: options.name ?? `${path.basename(adapter, '.gguf')}`,
      kind: 'adapter',
      provider: 'llama-cpp',
      model: base,
      lora: adapter,
      chatTemplate: provenance.chatTemplate,
      datasetHash: provenance.datasetHash,
      ...(provenance.datasetId === undefined ? {} : { datasetId: provenance.datasetId }),
      groups: provenance.groups,
      hyperparameters: provenance.hyperparameters,
      ...(options.costUsd === undefined ? {} : { costUsd: options.costUsd }),
      ...(provenance.jobId === undefined ? {} : { jobId: provenance.jobId }),
      engine: 'local',
      registeredAt: now().toISOString(),
    },
    warnings,
  );
}

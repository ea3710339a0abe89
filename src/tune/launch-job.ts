import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { assertDatasetFileFor } from './engine-dataset-rules.js';
import type { TuneEngine } from './engines/tune-engine.js';
import { findDataset } from './find-dataset.js';
import type { TuneHyperparameters } from './hyperparameters.js';
import { type JobRecord, saveJob } from './jobs-store.js';
import { datasetFiles } from './tune-paths.js';

/** `tune launch`: check the dataset against the engine's rules, upload it, create the job, record it. */
export interface LaunchJobOptions {
  dataDir: string;
  engine: TuneEngine;
  datasetId?: string;
  /** Defaults to the model the dataset was prepared for. */
  model?: string;
  hyperparameters?: Partial<TuneHyperparameters>;
  suffix?: string;
  /** Recorded so that register can point serving at the same server and key. */
  baseURL?: string;
  apiKeyEnv?: string;
  now?: () => Date;
}

export async function launchJob(options: LaunchJobOptions): Promise<JobRecord> {
  const now = options.now ?? (() => new Date());
  const { directory, manifest } = await findDataset(options.dataDir, options.datasetId);
  const engine = options.engine;
  const [trainName, validationName] =
    engine.name === 'openai'
      ? [datasetFiles.openai, datasetFiles.openaiValidation]
      : engine.name === 'together'
        ? [datasetFiles.together, datasetFiles.togetherValidation]
        : [datasetFiles.train, datasetFiles.validation];
  const trainFile = path.join(directory, trainName);
  const validationFile = path.join(directory, validationName);
  await assertDatasetFileFor(engine.name, trainFile);
  await assertDatasetFileFor(engine.name, validationFile, { optional: true });
  const hasValidation = (await readFile(validationFile, 'utf8')).trim() !== '';
  const hyperparameters: TuneHyperparameters = { ...manifest.hyperparameters, ...options.hyperparameters };
  const model = options.model ?? manifest.baseModel;

  const training = await engine.uploadFile({ file: trainFile, purpose: 'train' });
  const validation = hasValidation
    ? await engine.uploadFile({ file: validationFile, purpose: 'validation' })
    : undefined;
  const job = await engine.createJob({
    model,
    trainingFileId: training.fileId,
    ...(validation ? { validationFileId: validation.fileId } : {}),
    hyperparameters,
    ...(options.suffix ? { suffix: options.suffix } : {}),
    datasetDirectory: directory,
  });
  const timestamp = now().toISOString();
  const record: JobRecord = {
    id: job.id,
    engine: engine.name,
    datasetId: manifest.datasetId,
    datasetHash: manifest.datasetHash,
    baseModel: model,
    hyperparameters,
    chatTemplate: {
      name: manifest.chatTemplate.name,
      sha256: manifest.chatTemplate.sha256,
      file: path.join(directory, manifest.chatTemplate.file),
    },
    systemPrompt: manifest.systemPrompt,
    hybrid: manifest.hybrid,
    groups: manifest.groups ?? [],
    status: job.status,
    engineStatus: job.engineStatus,
    createdAt: timestamp,
    updatedAt: timestamp,
    trainingFileId: training.fileId,
    ...(validation ? { validationFileId: validation.fileId } : {}),
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    ...(options.apiKeyEnv ? { apiKeyEnv: options.apiKeyEnv } : {}),
  };
  await saveJob(options.dataDir, record);
  return record;
}

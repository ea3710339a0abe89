import { readFile } from 'node:fs/promises';
import { KnowhowError } from '../core/errors.js';
import type { EngineName, TuneJob, TuneJobStatus } from './engines/tune-engine.js';
import type { TuneHyperparameters } from './hyperparameters.js';
import { tunePaths } from './tune-paths.js';
import { writeJsonAtomic } from './write-file-atomic.js';

/** `<dataDir>/tune/jobs.json`: every launched job with what it was trained on and how. */
export interface JobRecord {
  id: string;
  engine: EngineName;
  datasetId: string;
  datasetHash: string;
  baseModel: string;
  hyperparameters: TuneHyperparameters;
  /** The template the data was rendered for; stored with the job and, later, the registered model. */
  chatTemplate: { name: string; sha256: string; file: string };
  systemPrompt: string | null;
  hybrid: boolean;
  /** The dataset's document groups (see DatasetManifest.groups); absent for jobs launched before. */
  groups?: string[];
  status: TuneJobStatus;
  engineStatus: string;
  createdAt: string;
  updatedAt: string;
  resultModel?: string;
  error?: string;
  trainedTokens?: number;
  enginePrice?: number;
  baseURL?: string;
  apiKeyEnv?: string;
  trainingFileId?: string;
  validationFileId?: string;
  lastLoss?: number;
  lastEvalLoss?: number;
}

export async function readJobs(dataDir: string): Promise<JobRecord[]> {
  const file = tunePaths.jobs(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as { jobs?: JobRecord[] };
    return Array.isArray(parsed.jobs) ? parsed.jobs : [];
  } catch (error) {
    throw new KnowhowError('INPUT_INVALID', `${file} is not valid JSON.`, {
      cause: error,
      hint: 'Fix or delete the file (it only lists launched jobs; the engines still know them).',
    });
  }
}

export async function saveJob(dataDir: string, record: JobRecord): Promise<void> {
  const jobs = await readJobs(dataDir);
  const index = jobs.findIndex((job) => job.id === record.id && job.engine === record.engine);
  if (index >= 0) jobs[index] = record;
  else jobs.push(record);
  await writeJsonAtomic(tunePaths.jobs(dataDir), { jobs });
}

/** A job by id, or the most recent one when no id is given. */
export async function findJob(dataDir: string, jobId?: string): Promise<JobRecord> {
  const jobs = await readJobs(dataDir);
  const job = jobId === undefined ? jobs[jobs.length - 1] : jobs.find((candidate) => candidate.id === jobId);
  if (!job) {
    throw new KnowhowError(
      'INPUT_NOT_FOUND',
      jobId === undefined
        ? 'No fine-tuning job has been launched in this project.'
        : `No launched job "${jobId}" in ${tunePaths.jobs(dataDir)}.`,
      {
        hint:
          jobs.length === 0
            ? 'Launch one with `knowhow tune launch --engine together|openai|local`.'
            : `Known jobs: ${jobs.map((candidate) => candidate.id).join(', ')}`,
      },
    );
  }
  return job;
}

export function mergeJobState(record: JobRecord, job: TuneJob, now: Date): JobRecord {
  const { resultModel, error, trainedTokens, enginePrice } = job;
  return {
    ...record,
    status: job.status,
    engineStatus: job.engineStatus,
    updatedAt: now.toISOString(),
    ...(resultModel === undefined ? {} : { resultModel }),
    ...(error === undefined ? {} : { error }),
    ...(trainedTokens === undefined ? {} : { trainedTokens }),
    ...(enginePrice === undefined ? {} : { enginePrice }),
  };
}

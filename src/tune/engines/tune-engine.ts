import type { TuneHyperparameters } from '../hyperparameters.js';

/**
 * One interface over every training engine: hosted APIs (OpenAI, Together) and local training.
 * The lifecycle is the hosted one — upload the files, create a job, poll it and its events,
 * cancel it — so `launch`, `status` and `cancel` never branch on the engine.
 */

export type EngineName = 'openai' | 'together' | 'local';

export const engineNames: readonly EngineName[] = ['together', 'openai', 'local'];

/** Normalised across engines; `engineStatus` keeps the engine's own word. */
export type TuneJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const terminalStatuses: ReadonlySet<TuneJobStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export interface TuneJob {
  id: string;
  engine: EngineName;
  status: TuneJobStatus;
  engineStatus: string;
  baseModel: string;
  /** The tuned model id (hosted) or the adapter folder (local), once succeeded. */
  resultModel?: string;
  /** The engine's own reason, when failed. */
  error?: string;
  trainedTokens?: number;
  /** What the engine reports as the job's price, in its own units (informational). */
  enginePrice?: number;
  createdAt?: string;
}

export interface TuneEvent {
  createdAt: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  step?: number;
  totalSteps?: number;
  loss?: number;
  evalLoss?: number;
}

export interface UploadFileInput {
  file: string;
  purpose: 'train' | 'validation';
}

export interface CreateJobInput {
  model: string;
  trainingFileId: string;
  validationFileId?: string;
  hyperparameters: TuneHyperparameters;
  /** Added to the tuned model's name where the engine supports it. */
  suffix?: string;
  /** The prepared dataset folder (local training runs its script from there). */
  datasetDirectory: string;
}

export interface TuneEngine {
  readonly name: EngineName;
  uploadFile(input: UploadFileInput): Promise<{ fileId: string }>;
  createJob(input: CreateJobInput): Promise<TuneJob>;
  getJob(jobId: string): Promise<TuneJob>;
  listEvents(jobId: string): Promise<TuneEvent[]>;
  cancelJob(jobId: string): Promise<TuneJob>;
}

/** Loss as engines write it in free-text events: "loss: 1.23", "Loss=0.5", "train_loss 2e-1". */
export function parseLossFromMessage(message: string): number | undefined {
  const match = /(?<!eval[_ ])(?<!valid[_ ])\bloss\b\s*[:=]?\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

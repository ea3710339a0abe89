import type { TuneEngine, TuneEvent } from './engines/tune-engine.js';
import { terminalStatuses } from './engines/tune-engine.js';
import { findJob, type JobRecord, mergeJobState, saveJob } from './jobs-store.js';

/** `tune status`: refresh a job from its engine (once, or until it ends) and record what it said. */
export interface FollowJobOptions {
  dataDir: string;
  engine: TuneEngine;
  jobId?: string;
  follow?: boolean;
  intervalMs?: number;
  /** Give up following after this long (the job goes on; status can be asked again). */
  maxWaitMs?: number;
  /** Called on each poll with events not seen before: for streaming progress lines. */
  onUpdate?: (record: JobRecord, newEvents: TuneEvent[]) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export interface JobProgress {
  step?: number;
  totalSteps?: number;
  loss?: number;
  evalLoss?: number;
}

export interface FollowedJob {
  record: JobRecord;
  events: TuneEvent[];
  progress: JobProgress;
}

export function summarizeProgress(events: readonly TuneEvent[]): JobProgress {
  const progress: JobProgress = {};
  for (const event of events) {
    if (event.step !== undefined) progress.step = event.step;
    if (event.totalSteps !== undefined) progress.totalSteps = event.totalSteps;
    if (event.loss !== undefined) progress.loss = event.loss;
    if (event.evalLoss !== undefined) progress.evalLoss = event.evalLoss;
  }
  return progress;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function followJob(options: FollowJobOptions): Promise<FollowedJob> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? pause;
  let record = await findJob(options.dataDir, options.jobId);
  const started = now().getTime();
  let seen = 0;
  for (;;) {
    const job = await options.engine.getJob(record.id);
    const events = await options.engine.listEvents(record.id);
    const progress = summarizeProgress(events);
    record = mergeJobState(record, job, now());
    if (progress.loss !== undefined) record.lastLoss = progress.loss;
    if (progress.evalLoss !== undefined) record.lastEvalLoss = progress.evalLoss;
    await saveJob(options.dataDir, record);
    options.onUpdate?.(record, events.slice(seen));
    seen = events.length;
    const done = terminalStatuses.has(record.status);
    const timedOut = options.maxWaitMs !== undefined && now().getTime() - started >= options.maxWaitMs;
    if (!options.follow || done || timedOut) return { record, events, progress };
    await sleep(options.intervalMs ?? 15_000);
  }
}

export async function cancelJob(options: {
  dataDir: string;
  engine: TuneEngine;
  jobId: string;
  now?: () => Date;
}): Promise<JobRecord> {
  const now = options.now ?? (() => new Date());
  const record = await findJob(options.dataDir, options.jobId);
  const job = await options.engine.cancelJob(record.id);
  const updated = mergeJobState(record, job, now());
  await saveJob(options.dataDir, updated);
  return updated;
}

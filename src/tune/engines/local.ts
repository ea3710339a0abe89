import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowhowError } from '../../core/errors.js';
import { tunePaths } from '../tune-paths.js';
import { describeMissingPackages, type PythonProbe, probePython } from './probe-python.js';
import type { CreateJobInput, TuneEngine, TuneEvent, TuneJob } from './tune-engine.js';

/**
 * Local training: runs the generated train_lora.py (transformers + PEFT) with the machine's
 * Python, in the background, its JSON-lines output appended to `train.log` in the job folder.
 * Status and events are read back from that log, so `tune status` works from any later shell.
 */

export const LOCAL_REQUIRED_PACKAGES = ['torch', 'transformers', 'peft', 'accelerate'] as const;
/** Reported when present, not required: the generated script does not import them. */
export const LOCAL_OPTIONAL_PACKAGES = ['datasets', 'trl'] as const;

export interface LocalEngineOptions {
  dataDir: string;
  python?: string;
  /** Extra arguments for the script (e.g. --tiny-random-model --max-steps 5 for a smoke test). */
  scriptArguments?: string[];
  probe?: () => Promise<PythonProbe>;
  now?: () => Date;
}

interface LocalJobFile {
  id: string;
  baseModel: string;
  pid: number;
  createdAt: string;
  outputDir: string;
  cancelled?: boolean;
}

interface LogLine {
  event?: string;
  message?: string;
  step?: number;
  total_steps?: number;
  loss?: number;
  eval_loss?: number;
  adapter_dir?: string;
  code?: number;
  fix?: string;
}

const LOG_FILE = 'train.log';
const JOB_FILE = 'job.json';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLog(directory: string): Promise<{ lines: LogLine[]; raw: string[] }> {
  let text = '';
  try {
    text = await readFile(path.join(directory, LOG_FILE), 'utf8');
  } catch {
    return { lines: [], raw: [] };
  }
  const lines: LogLine[] = [];
  const raw: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        lines.push(parsed as LogLine);
        continue;
      }
    } catch {
      // Library warnings and tracebacks on stderr: kept as plain text for failure messages.
    }
    raw.push(line);
  }
  return { lines, raw };
}

export function createLocalEngine(options: LocalEngineOptions): TuneEngine {
  const python = options.python ?? 'python3';
  const now = options.now ?? (() => new Date());
  const probe =
    options.probe ??
    (() => probePython({ python, packages: [...LOCAL_REQUIRED_PACKAGES, ...LOCAL_OPTIONAL_PACKAGES] }));
  const jobDirectory = (jobId: string) => tunePaths.localJob(options.dataDir, jobId);

  const readJobFile = async (jobId: string): Promise<LocalJobFile> => {
    try {
      return JSON.parse(await readFile(path.join(jobDirectory(jobId), JOB_FILE), 'utf8')) as LocalJobFile;
    } catch (error) {
      throw new KnowhowError(
        'INPUT_NOT_FOUND',
        `No local training job "${jobId}" in ${jobDirectory(jobId)}.`,
        {
          cause: error,
          hint: 'List jobs with `knowhow tune status`.',
        },
      );
    }
  };

  const getJob = async (jobId: string): Promise<TuneJob> => {
    const job = await readJobFile(jobId);
    const { lines, raw } = await readLog(jobDirectory(jobId));
    const base = { id: job.id, engine: 'local' as const, baseModel: job.baseModel, createdAt: job.createdAt };
    const done = lines.find((line) => line.event === 'done');
    if (done) {
      return {
        ...base,
        status: 'succeeded',
        engineStatus: 'done',
        resultModel: done.adapter_dir ?? job.outputDir,
      };
    }
    if (job.cancelled) return { ...base, status: 'cancelled', engineStatus: 'cancelled' };
    const failure = lines.find((line) => line.event === 'error');
    const exit = lines.find((line) => line.event === 'exit');
    if (failure || (exit && exit.code !== 0)) {
      const reason =
        failure?.message || raw.slice(-3).join(' | ') || `the training script exited with code ${exit?.code}`;
      return {
        ...base,
        status: 'failed',
        engineStatus: `exit ${exit?.code ?? '?'}`,
        error: `${reason}${failure?.fix ? ` (fix: ${failure.fix})` : ''}`,
      };
    }
    if (exit || !isAlive(job.pid)) {
      return {
        ...base,
        status: 'failed',
        engineStatus: 'gone',
        error: `the training process (pid ${job.pid}) ended without reporting a result${raw.length > 0 ? `: ${raw.slice(-3).join(' | ')}` : ''}`,
      };
    }
    const started = lines.some((line) => line.event === 'start');
    return {
      ...base,
      status: started ? 'running' : 'queued',
      engineStatus: started ? 'training' : 'loading',
    };
  };

  return {
    name: 'local',
    async uploadFile({ file }) {
      try {
        await access(file);
      } catch (error) {
        throw new KnowhowError('INPUT_NOT_FOUND', `Training file ${file} does not exist.`, {
          cause: error,
          hint: 'Run `knowhow tune prepare` first.',
        });
      }
      return { fileId: path.resolve(file) };
    },
    async createJob(input: CreateJobInput) {
      const probed = await probe();
      const missing = probed.missing.filter((name) =>
        (LOCAL_REQUIRED_PACKAGES as readonly string[]).includes(name),
      );
      if (probed.python === null || missing.length > 0) {
        const described = describeMissingPackages({ ...probed, missing }, python);
        throw new KnowhowError('PROVIDER_CONFIG', `Local training cannot start: ${described.message}.`, {
          hint: `Install them with: ${described.fix} — or use --engine together. The dataset, train_lora.py and axolotl.yaml in ${input.datasetDirectory} also run on any machine that has them.`,
          details: { engine: 'local', missing, python: probed.python, packages: probed.packages },
        });
      }
      const id = `local-${now().toISOString().replace(/[-:]/g, '').replace(/\..+$/, '')}-${randomBytes(3).toString('hex')}`;
      const directory = jobDirectory(id);
      await mkdir(directory, { recursive: true });
      const outputDir = path.join(directory, 'adapter');
      const script = path.join(input.datasetDirectory, 'train_lora.py');
      const config = path.join(input.datasetDirectory, 'train_config.json');
      const log = path.join(directory, LOG_FILE);
      const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
      const command = [
        python,
        script,
        '--config',
        config,
        '--output-dir',
        outputDir,
        ...(options.scriptArguments ?? []),
      ]
        .map(quote)
        .join(' ');
      // The shell appends the exit code, which a detached child's parent is no longer there to see.
      const child = spawn(
        'sh',
        [
          '-c',
          `${command} >> ${quote(log)} 2>&1; echo "{\\"event\\": \\"exit\\", \\"code\\": $?}" >> ${quote(log)}`,
        ],
        {
          cwd: input.datasetDirectory,
          detached: true,
          stdio: 'ignore',
        },
      );
      if (child.pid === undefined) {
        throw new KnowhowError('TUNE_FAILED', `Could not start ${python} for local training.`, {
          hint: 'Check that sh and python3 run.',
        });
      }
      child.unref();
      const jobFile: LocalJobFile = {
        id,
        baseModel: input.model,
        pid: child.pid,
        createdAt: now().toISOString(),
        outputDir,
      };
      await writeFile(path.join(directory, JOB_FILE), `${JSON.stringify(jobFile, null, 2)}\n`);
      return {
        id,
        engine: 'local',
        status: 'queued',
        engineStatus: 'started',
        baseModel: input.model,
        createdAt: jobFile.createdAt,
      };
    },
    getJob,
    async listEvents(jobId) {
      await readJobFile(jobId);
      const { lines } = await readLog(jobDirectory(jobId));
      return lines
        .filter((line) => line.event !== undefined && line.event !== 'exit')
        .map(
          (line): TuneEvent => ({
            createdAt: '',
            level: line.event === 'error' ? 'error' : line.event === 'warning' ? 'warning' : 'info',
            message:
              line.message ??
              (line.event === 'step'
                ? `step ${line.step}/${line.total_steps}: loss ${line.loss}`
                : line.event === 'eval'
                  ? `step ${line.step}: eval loss ${line.eval_loss}`
                  : line.event === 'done'
                    ? `adapter saved to ${line.adapter_dir}`
                    : (line.event ?? '')),
            ...(typeof line.step === 'number' ? { step: line.step } : {}),
            ...(typeof line.total_steps === 'number' ? { totalSteps: line.total_steps } : {}),
            ...(typeof line.loss === 'number' ? { loss: line.loss } : {}),
            ...(typeof line.eval_loss === 'number' ? { evalLoss: line.eval_loss } : {}),
          }),
        );
    },
    async cancelJob(jobId) {
      const job = await readJobFile(jobId);
      const current = await getJob(jobId);
      if (current.status === 'succeeded' || current.status === 'failed') return current;
      try {
        // Detached: the shell leads its own process group, so this stops python too.
        process.kill(-job.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await writeFile(
        path.join(jobDirectory(jobId), JOB_FILE),
        `${JSON.stringify({ ...job, cancelled: true }, null, 2)}\n`,
      );
      return { ...current, status: 'cancelled', engineStatus: 'cancelled' };
    },
  };
}

import type { Llama, LlamaGpuType } from 'node-llama-cpp';
import { KnowhowError } from '../../core/errors.js';
import { importOptional, nodeLlamaCpp } from '../shared/index.js';
import { messageOf } from './llama-cpp-error.js';
import { recordNativeLog } from './native-log.js';

export type LlamaGpuSetting = 'auto' | false | LlamaGpuType;

export interface LlamaRuntimeOptions {
  /** Compute backend; `KNOWHOW_LLAMA_GPU` (`false`, `auto`, `cuda`, `vulkan`, `metal`) when omitted, else `auto`. */
  gpu?: LlamaGpuSetting;
  /** CPU threads; `KNOWHOW_LLAMA_THREADS` when omitted, else the machine's physical cores. */
  threads?: number;
}

const gpuNames: readonly string[] = ['auto', 'cuda', 'vulkan', 'metal'];

export function resolveGpuSetting(explicit: LlamaGpuSetting | undefined): LlamaGpuSetting {
  if (explicit !== undefined) return explicit;
  const fromEnvironment = process.env.KNOWHOW_LLAMA_GPU?.trim().toLowerCase();
  if (fromEnvironment === undefined || fromEnvironment === '') return 'auto';
  if (['false', '0', 'off', 'no', 'cpu'].includes(fromEnvironment)) return false;
  if (gpuNames.includes(fromEnvironment)) return fromEnvironment as LlamaGpuSetting;
  throw new KnowhowError(
    'PROVIDER_CONFIG',
    `KNOWHOW_LLAMA_GPU is "${fromEnvironment}", which is not a GPU setting.`,
    {
      hint: 'Set KNOWHOW_LLAMA_GPU to false (CPU only), auto, cuda, vulkan or metal, or unset it.',
      details: { provider: 'llama-cpp', setting: 'KNOWHOW_LLAMA_GPU' },
    },
  );
}

/** The thread count asked for, or undefined to let the machine decide. */
export function resolveThreadCount(explicit: number | undefined): number | undefined {
  if (explicit !== undefined) {
    if (!Number.isInteger(explicit) || explicit < 1) {
      throw new KnowhowError(
        'PROVIDER_CONFIG',
        `llama-cpp threads must be a positive integer, got ${explicit}.`,
        {
          hint: 'Pass a whole number of CPU threads, such as the number of physical cores.',
          details: { provider: 'llama-cpp', setting: 'threads' },
        },
      );
    }
    return explicit;
  }
  const fromEnvironment = process.env.KNOWHOW_LLAMA_THREADS?.trim();
  if (fromEnvironment === undefined || fromEnvironment === '') return undefined;
  const parsed = Number(fromEnvironment);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new KnowhowError(
      'PROVIDER_CONFIG',
      `KNOWHOW_LLAMA_THREADS is "${fromEnvironment}", not a positive integer.`,
      {
        hint: 'Set KNOWHOW_LLAMA_THREADS to a whole number such as the count of physical cores, or unset it.',
        details: { provider: 'llama-cpp', setting: 'KNOWHOW_LLAMA_THREADS' },
      },
    );
  }
  return parsed;
}

let shared: Promise<Llama> | undefined;

async function createLlama(gpu: LlamaGpuSetting, threads: number | undefined): Promise<Llama> {
  const { getLlama, LlamaLogLevel } = await importOptional(nodeLlamaCpp, () => import('node-llama-cpp'));
  let llama: Llama;
  try {
    llama = await getLlama({
      gpu,
      // Never compile llama.cpp or fetch binaries at run time: the prebuilt binary must be there.
      build: 'never',
      logLevel: LlamaLogLevel.warn,
      logger: (_level, message) => recordNativeLog(message),
      ...(threads === undefined ? {} : { maxThreads: threads }),
    });
  } catch (error) {
    throw new KnowhowError('MODEL_LOAD', `llama-cpp: node-llama-cpp could not start (${messageOf(error)}).`, {
      hint:
        gpu === false
          ? 'Reinstall node-llama-cpp so its prebuilt binary for this platform is present (npm ci).'
          : 'Set KNOWHOW_LLAMA_GPU=false to run on the CPU, or reinstall node-llama-cpp (npm ci).',
      details: { provider: 'llama-cpp', setting: 'KNOWHOW_LLAMA_GPU' },
      cause: error,
    });
  }
  // node-llama-cpp's CPU default is at least 4 threads even on 2 cores, which is 100–1000× slower
  // there: use the physical cores instead.
  if (threads === undefined && llama.gpu === false) llama.maxThreads = Math.max(1, llama.cpuMathCores);
  return llama;
}

/**
 * One llama.cpp runtime per process, created on first use (loading the native binary takes ~0.7 s).
 * The first caller's GPU choice wins; a later caller asking for more threads raises the ceiling.
 */
export async function getSharedLlama(options: LlamaRuntimeOptions = {}): Promise<Llama> {
  const gpu = resolveGpuSetting(options.gpu);
  const threads = resolveThreadCount(options.threads);
  if (shared === undefined) {
    const created = createLlama(gpu, threads);
    shared = created;
    // A failed start is retried by the next caller rather than cached forever.
    created.catch(() => {
      if (shared === created) shared = undefined;
    });
  }
  const llama = await shared;
  if (threads !== undefined && threads > llama.maxThreads && llama.maxThreads !== 0)
    llama.maxThreads = threads;
  return llama;
}

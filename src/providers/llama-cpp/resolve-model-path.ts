/**
 * Turns a configured model reference into a local GGUF file: a path (relative to `baseDirectory`),
 * or an `hf:` URI / URL that node-llama-cpp downloads into the cache on first use.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { KnowhowError } from '../../core/errors.js';
import { ggufMagic, readFileMagic } from '../gguf/index.js';
import { importOptional, nodeLlamaCpp } from '../shared/index.js';
import { createLlamaCppError, type LlamaCppErrorContext, messageOf } from './llama-cpp-error.js';

export interface ResolveModelPathOptions {
  /** The path or URI as configured. */
  reference: string;
  context: LlamaCppErrorContext;
  /** The knowhow.yaml key that holds `reference`, e.g. `models.answer.model` or `models.answer.lora`. */
  setting: string;
  /** What the file is, for messages: "model" or "LoRA adapter". */
  kind?: string;
  /** Where downloads go; node-llama-cpp's models folder (~/.node-llama-cpp/models) when omitted. */
  cacheDirectory?: string;
  /** What relative paths are relative to (the folder of knowhow.yaml); the working directory when omitted. */
  baseDirectory?: string;
  signal?: AbortSignal;
}

const remotePattern = /^(hf:|huggingface:|https?:\/\/)/i;

export function isRemoteModelReference(reference: string): boolean {
  return remotePattern.test(reference.trim());
}

/** The cache folder: the option, else `KNOWHOW_MODELS_DIR`, else node-llama-cpp's own default. */
export function resolveCacheDirectory(explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return explicit;
  const fromEnvironment = process.env.KNOWHOW_MODELS_DIR?.trim();
  return fromEnvironment === undefined || fromEnvironment === '' ? undefined : fromEnvironment;
}

/** node-llama-cpp's Hugging Face endpoint, resolved the same way it does (MODEL_ENDPOINT, HF_ENDPOINT). */
function downloadOrigin(reference: string): string {
  if (/^https?:\/\//i.test(reference)) return new URL(reference).origin;
  for (const candidate of [process.env.MODEL_ENDPOINT, process.env.HF_ENDPOINT]) {
    if (candidate !== undefined && /^https?:\/\//i.test(candidate)) return new URL(candidate).origin;
  }
  return 'https://huggingface.co';
}

const reachabilityTimeoutMs = 10_000;

/**
 * node-llama-cpp's downloader retries a failed connection 150 times with back-off (about 12 minutes)
 * before giving up, so an offline machine would seem to hang. One quick request first tells
 * "offline" apart; any HTTP answer, even an error status, means the host is reachable.
 */
async function findUnreachableReason(
  origin: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const timeout = AbortSignal.timeout(reachabilityTimeoutMs);
  try {
    await fetch(origin, {
      method: 'HEAD',
      redirect: 'manual',
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    return undefined;
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timeout.aborted) return `no answer within ${reachabilityTimeoutMs / 1000} s`;
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    return typeof cause?.code === 'string' ? cause.code : messageOf(cause ?? error);
  }
}

async function downloadModel(options: ResolveModelPathOptions, kind: string): Promise<string> {
  const { resolveModelFile } = await importOptional(nodeLlamaCpp, () => import('node-llama-cpp'));
  const directory = resolveCacheDirectory(options.cacheDirectory);
  const reference = options.reference.trim();
  const shared = { cli: false, ...(directory === undefined ? {} : { directory }) };
  const fail = (message: string, hint: string, cause?: unknown): KnowhowError =>
    createLlamaCppError(options.context, {
      code: 'MODEL_LOAD',
      setting: options.setting,
      message,
      hint,
      details: { uri: reference, ...(directory === undefined ? {} : { cacheDirectory: directory }) },
      ...(cause === undefined ? {} : { cause }),
    });
  const downloadElsewhere =
    `Download the GGUF file on a machine with internet access (e.g. \`npx node-llama-cpp pull ${reference}\`), ` +
    `copy it here and set ${options.setting} in knowhow.yaml to the file path`;

  try {
    // Already downloaded: no network needed.
    return await resolveModelFile(reference, { ...shared, download: false });
  } catch {
    // Not in the cache yet: download below.
  }
  const origin = downloadOrigin(reference);
  const unreachable = await findUnreachableReason(origin, options.signal);
  if (unreachable !== undefined) {
    throw fail(
      `the ${kind} ${reference} could not be downloaded: this machine cannot reach ${origin} (${unreachable}).`,
      `${downloadElsewhere}.`,
    );
  }
  try {
    return await resolveModelFile(reference, {
      ...shared,
      download: 'auto',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (options.signal?.aborted) {
      throw new KnowhowError('CANCELLED', `Downloading ${reference} was cancelled.`, { cause: error });
    }
    throw fail(
      `the ${kind} ${reference} could not be downloaded (${messageOf(error)}).`,
      `Check the repository, file name and quantisation in the URI (and HF_TOKEN for gated models); or: ${downloadElsewhere}.`,
      error,
    );
  }
}

async function checkLocalFile(
  filePath: string,
  options: ResolveModelPathOptions,
  kind: string,
): Promise<void> {
  const fail = (message: string, hint: string, cause?: unknown): KnowhowError =>
    createLlamaCppError(options.context, {
      code: 'MODEL_LOAD',
      setting: options.setting,
      message,
      hint,
      details: { file: filePath },
      ...(cause === undefined ? {} : { cause }),
    });
  let stats: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stats = await fs.stat(filePath);
  } catch (error) {
    throw fail(
      `the ${kind} file ${filePath} does not exist.`,
      `Set ${options.setting} in knowhow.yaml to the path of a .gguf file (relative to knowhow.yaml) or to an hf: URI.`,
      error,
    );
  }
  if (!stats.isFile()) {
    throw fail(
      `${filePath} is a folder, not a ${kind} file.`,
      `Set ${options.setting} to the .gguf file itself.`,
    );
  }
  // node-llama-cpp reports a non-GGUF file as a bare "Failed to load model"; say what is wrong instead.
  const magic = await readFileMagic(filePath);
  if (magic !== ggufMagic) {
    throw fail(
      `${filePath} is not a GGUF ${kind} (it does not start with "GGUF"; found ${JSON.stringify(magic)}).`,
      `llama-cpp loads only GGUF files. Convert the model to GGUF (llama.cpp's convert_hf_to_gguf.py) or download a GGUF build, and set ${options.setting} to it.`,
    );
  }
}

/** The absolute path of a GGUF file that exists and starts with the GGUF magic bytes. */
export async function resolveModelPath(options: ResolveModelPathOptions): Promise<string> {
  const kind = options.kind ?? 'model';
  const reference = options.reference.trim();
  if (reference === '') {
    throw createLlamaCppError(options.context, {
      code: 'PROVIDER_CONFIG',
      setting: options.setting,
      message: `${options.setting} is empty.`,
      hint: `Set ${options.setting} in knowhow.yaml to the path of a .gguf file or to an hf: URI.`,
    });
  }
  const filePath = isRemoteModelReference(reference)
    ? await downloadModel(options, kind)
    : path.resolve(options.baseDirectory ?? process.cwd(), reference);
  await checkLocalFile(filePath, options, kind);
  return filePath;
}

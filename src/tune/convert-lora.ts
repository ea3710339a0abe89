import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnowhowError } from '../core/errors.js';
import { isMissingPackage, missingPackageError } from '../providers/shared/index.js';
import { describeMissingPackages, type PythonProbe, probePython } from './engines/probe-python.js';

/**
 * PEFT safetensors adapter → GGUF LoRA adapter, the form node-llama-cpp loads next to a GGUF
 * base model. llama.cpp's own `convert_lora_to_gguf.py` does the conversion; node-llama-cpp
 * ships llama.cpp's source as a git bundle, so the script (with the `conversion/` package and
 * `gguf-py/` it imports) is extracted from that bundle into a cache folder — no download — and
 * run with the machine's Python.
 */

/** What the converter imports (gguf itself comes from the extracted gguf-py). */
export const CONVERT_REQUIRED_PACKAGES = ['torch', 'transformers', 'safetensors', 'numpy', 'yaml'] as const;

const extractedPaths = ['convert_lora_to_gguf.py', 'conversion', 'gguf-py'];

/** node-llama-cpp's entry point; it is an optional dependency, so its absence names the install command. */
function resolveNodeLlamaCpp(): string {
  try {
    return import.meta.resolve('node-llama-cpp');
  } catch (error) {
    if (isMissingPackage(error, 'node-llama-cpp')) {
      throw missingPackageError(
        { name: 'node-llama-cpp', neededFor: 'Converting a LoRA adapter to GGUF' },
        error,
      );
    }
    throw error;
  }
}

export function locateLlamaCppBundle(): string {
  // The package exports no package.json: walk up from its entry point to the package root.
  let directory = path.dirname(fileURLToPath(resolveNodeLlamaCpp()));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = path.join(directory, 'llama', 'gitRelease.bundle');
    if (existsSync(candidate)) return candidate;
    directory = path.dirname(directory);
  }
  return path.join(directory, 'llama', 'gitRelease.bundle');
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stdout, stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

export interface ExtractConverterOptions {
  /** Defaults to node-llama-cpp's bundled llama.cpp source. */
  bundle?: string;
  /** Extracted scripts go to `<cacheDirectory>/<commit>/`. */
  cacheDirectory: string;
}

export interface ExtractedConverter {
  script: string;
  directory: string;
  commit: string;
  /** False when an earlier extraction was reused. */
  extracted: boolean;
}

export async function extractConverter(options: ExtractConverterOptions): Promise<ExtractedConverter> {
  const bundle = options.bundle ?? locateLlamaCppBundle();
  try {
    await access(bundle);
  } catch (error) {
    throw new KnowhowError('INPUT_NOT_FOUND', `llama.cpp's source bundle ${bundle} is missing.`, {
      cause: error,
      hint: 'Reinstall node-llama-cpp, or run convert_lora_to_gguf.py from a llama.cpp checkout yourself.',
    });
  }
  let commit: string;
  try {
    const heads = await run('git', ['bundle', 'list-heads', bundle]);
    commit = heads.stdout.trim().split(/\s+/)[0] ?? '';
    if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`unexpected output: ${heads.stdout.slice(0, 100)}`);
  } catch (error) {
    throw new KnowhowError(
      'INPUT_INVALID',
      `Cannot read the llama.cpp bundle ${bundle} with git: ${error instanceof Error ? error.message : error}.`,
      {
        cause: error,
        hint: 'Install git (the bundle is a git bundle), or run convert_lora_to_gguf.py from a llama.cpp checkout.',
      },
    );
  }
  const directory = path.join(options.cacheDirectory, commit);
  const script = path.join(directory, 'convert_lora_to_gguf.py');
  try {
    await access(path.join(directory, '.complete'));
    return { script, directory, commit, extracted: false };
  } catch {
    // Not extracted yet.
  }
  await mkdir(options.cacheDirectory, { recursive: true });
  const work = await mkdtemp(path.join(options.cacheDirectory, '.extract-'));
  try {
    const repository = path.join(work, 'repository');
    await run('git', ['clone', '--quiet', '--no-checkout', bundle, repository]);
    const archive = path.join(work, 'converter.tar');
    await run('git', ['-C', repository, 'archive', '--format=tar', '-o', archive, 'HEAD', ...extractedPaths]);
    const target = path.join(work, 'converter');
    await mkdir(target);
    await run('tar', ['-xf', archive, '-C', target]);
    await writeFile(path.join(target, '.complete'), `${commit}\n`);
    await rm(directory, { recursive: true, force: true });
    await rename(target, directory);
  } catch (error) {
    throw new KnowhowError(
      'INTERNAL',
      `Extracting convert_lora_to_gguf.py from ${bundle} failed: ${error instanceof Error ? error.message : error}.`,
      {
        cause: error,
        hint: 'Check that git and tar work and that the cache folder is writable.',
      },
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { script, directory, commit, extracted: true };
}

export interface ConvertLoraOptions {
  /** PEFT adapter folder: adapter_config.json + adapter_model.safetensors. */
  adapterDirectory: string;
  /** Hugging Face base model folder (config.json; weights are not needed). */
  baseDirectory: string;
  output: string;
  cacheDirectory: string;
  outType?: 'f32' | 'f16' | 'bf16' | 'q8_0';
  python?: string;
  bundle?: string;
  probe?: () => Promise<PythonProbe>;
}

export interface ConvertLoraResult {
  output: string;
  converter: ExtractedConverter;
  log: string;
}

export async function convertLoraToGguf(options: ConvertLoraOptions): Promise<ConvertLoraResult> {
  const python = options.python ?? 'python3';
  const adapterConfig = path.join(options.adapterDirectory, 'adapter_config.json');
  try {
    JSON.parse(await readFile(adapterConfig, 'utf8'));
  } catch (error) {
    throw new KnowhowError(
      'INPUT_INVALID',
      `${options.adapterDirectory} is not a PEFT adapter folder (no readable adapter_config.json).`,
      {
        cause: error,
        hint: 'Pass the folder train_lora.py saved (it holds adapter_config.json and adapter_model.safetensors).',
      },
    );
  }
  try {
    await access(path.join(options.baseDirectory, 'config.json'));
  } catch (error) {
    throw new KnowhowError(
      'INPUT_NOT_FOUND',
      `${options.baseDirectory} has no config.json: --base must be the Hugging Face folder of the base model.`,
      {
        cause: error,
        hint: 'Download the base model folder (config.json and tokenizer files are enough) and pass it as --base.',
      },
    );
  }
  const probed = await (
    options.probe ?? (() => probePython({ python, packages: CONVERT_REQUIRED_PACKAGES }))
  )();
  if (probed.python === null || probed.missing.length > 0) {
    const described = describeMissingPackages(probed, python);
    throw new KnowhowError('PROVIDER_CONFIG', `The LoRA conversion cannot run: ${described.message}.`, {
      hint: `Install them with: ${described.fix}`,
      details: { missing: probed.missing, python: probed.python },
    });
  }
  const converter = await extractConverter({
    cacheDirectory: options.cacheDirectory,
    ...(options.bundle ? { bundle: options.bundle } : {}),
  });
  const output = path.resolve(options.output);
  await mkdir(path.dirname(output), { recursive: true });
  try {
    const { stdout, stderr } = await run(
      python,
      [
        converter.script,
        '--base',
        path.resolve(options.baseDirectory),
        '--outfile',
        output,
        '--outtype',
        options.outType ?? 'f16',
        path.resolve(options.adapterDirectory),
      ],
      { cwd: converter.directory, timeoutMs: 3_600_000 },
    );
    return { output, converter, log: `${stdout}${stderr}` };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    const last = stderr.trim().split('\n').slice(-5).join('\n');
    throw new KnowhowError(
      'TUNE_FAILED',
      `convert_lora_to_gguf.py failed: ${last || (error instanceof Error ? error.message : String(error))}`,
      {
        cause: error,
        hint: 'The message above is llama.cpp’s converter’s own; check that --base is the model the adapter was trained on.',
      },
    );
  }
}

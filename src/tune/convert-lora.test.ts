import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowhowError } from '../core/errors.js';
import { convertLoraToGguf, extractConverter, locateLlamaCppBundle } from './convert-lora.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('extractConverter', () => {
  it('extracts convert_lora_to_gguf.py with its conversion and gguf-py packages from node-llama-cpp’s llama.cpp bundle, once', async () => {
    const cacheDirectory = path.join(directory, 'cache');
    const first = await extractConverter({ cacheDirectory });
    expect(first.extracted).toBe(true);
    expect(first.commit).toMatch(/^[0-9a-f]{40}$/);
    const script = await readFile(first.script, 'utf8');
    expect(script).toContain('Convert a Hugging Face PEFT LoRA adapter to a GGUF file');
    await access(path.join(first.directory, 'conversion', '__init__.py'));
    await access(path.join(first.directory, 'gguf-py', 'gguf', '__init__.py'));
    const again = await extractConverter({ cacheDirectory });
    expect(again).toMatchObject({ extracted: false, script: first.script });
  }, 60_000);

  it('says what is wrong when the bundle is missing', async () => {
    const error = (await extractConverter({
      cacheDirectory: directory,
      bundle: path.join(directory, 'none.bundle'),
    }).catch((e: unknown) => e)) as KnowhowError;
    expect(error.code).toBe('INPUT_NOT_FOUND');
    expect(locateLlamaCppBundle()).toMatch(/node-llama-cpp[/\\]llama[/\\]gitRelease\.bundle$/);
  });
});

describe('convertLoraToGguf', () => {
  it('names the missing Python packages and the pip command before converting', async () => {
    const adapter = path.join(directory, 'adapter');
    const base = path.join(directory, 'base');
    await mkdir(adapter, { recursive: true });
    await mkdir(base, { recursive: true });
    await writeFile(path.join(adapter, 'adapter_config.json'), '{"r": 8}');
    await writeFile(path.join(base, 'config.json'), '{}');
    const error = (await convertLoraToGguf({
      adapterDirectory: adapter,
      baseDirectory: base,
      output: path.join(directory, 'out.gguf'),
      cacheDirectory: path.join(directory, 'cache'),
      probe: async () => ({
        python: '3.11.7',
        packages: { torch: null, transformers: null, safetensors: '0.4.0', numpy: '2.2.6', yaml: '6.0' },
        missing: ['torch', 'transformers'],
      }),
    }).catch((e: unknown) => e)) as KnowhowError;
    expect(error.code).toBe('PROVIDER_CONFIG');
    expect(error.message).toContain('is missing torch, transformers');
    expect(error.hint).toBe('Install them with: python3 -m pip install torch transformers');
  });

  it('rejects a folder that is not a PEFT adapter', async () => {
    const error = (await convertLoraToGguf({
      adapterDirectory: path.join(directory, 'missing'),
      baseDirectory: directory,
      output: path.join(directory, 'out.gguf'),
      cacheDirectory: directory,
    }).catch((e: unknown) => e)) as KnowhowError;
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('no readable adapter_config.json');
  });
});

import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../../test/helpers/expect-failure.js';
import { isRemoteModelReference, resolveModelPath } from './resolve-model-path.js';

let directory: string;
const context = { model: 'placeholder', configKey: 'models.answer' };

beforeAll(async () => {
  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
  await fs.writeFile(
    path.join(directory, 'model.gguf'),
    Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(20)]),
  );
  await fs.writeFile(path.join(directory, 'weights.safetensors'), '{"__metadata__": {}}');
});

afterAll(async () => {
  await fs.rm(directory, { recursive: true, force: true });
});

/** A local port with nothing listening: connections to it are refused at once. */
async function findClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('isRemoteModelReference', () => {
  it('tells URIs from paths', () => {
    expect(isRemoteModelReference('hf:org/repo:Q4_K_M')).toBe(true);
    expect(isRemoteModelReference('https://example.com/model.gguf')).toBe(true);
    expect(isRemoteModelReference('models/model.gguf')).toBe(false);
    expect(isRemoteModelReference('/abs/hf:odd.gguf')).toBe(false);
  });
});

describe('resolveModelPath', () => {
  it('resolves a relative path against the base directory', async () => {
    const resolved = await resolveModelPath({
      reference: 'model.gguf',
      baseDirectory: directory,
      context,
      setting: 'models.answer.model',
    });
    expect(resolved).toBe(path.join(directory, 'model.gguf'));
  });

  it('rejects a file that is not GGUF, naming the file, provider, model and setting', async () => {
    const error = await failureOf(
      resolveModelPath({
        reference: 'weights.safetensors',
        baseDirectory: directory,
        context: { model: 'weights.safetensors', configKey: 'models.answer' },
        setting: 'models.answer.model',
      }),
    );
    expect(error.code).toBe('MODEL_LOAD');
    expect(error.message).toContain('llama-cpp model "weights.safetensors"');
    expect(error.message).toContain(`${path.join(directory, 'weights.safetensors')} is not a GGUF model`);
    expect(error.hint).toContain('models.answer.model');
    expect(error.details).toMatchObject({ provider: 'llama-cpp', setting: 'models.answer.model' });
  });

  it('says when the file does not exist', async () => {
    const error = await failureOf(
      resolveModelPath({
        reference: 'missing.gguf',
        baseDirectory: directory,
        context,
        setting: 'models.answer.model',
      }),
    );
    expect(error.code).toBe('MODEL_LOAD');
    expect(error.message).toContain(`the model file ${path.join(directory, 'missing.gguf')} does not exist`);
  });

  it('fails fast and clearly when an hf: model cannot be downloaded, without the downloader’s retries', async () => {
    // A closed local port stands in for Hugging Face, so the test behaves the same with or without internet.
    const port = await findClosedPort();
    const previous = process.env.HF_ENDPOINT;
    process.env.HF_ENDPOINT = `http://127.0.0.1:${port}/`;
    const uri = 'hf:knowhow-tests/does-not-exist-GGUF/does-not-exist.Q4_K_M.gguf';
    try {
      const started = performance.now();
      const error = await failureOf(
        resolveModelPath({
          reference: uri,
          cacheDirectory: path.join(directory, 'cache'),
          context: { model: uri, configKey: 'models.answer' },
          setting: 'models.answer.model',
        }),
      );
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(error.code).toBe('MODEL_LOAD');
      expect(error.message).toBe(
        `llama-cpp model "${uri}": the model ${uri} could not be downloaded: ` +
          `this machine cannot reach http://127.0.0.1:${port} (ECONNREFUSED).`,
      );
      expect(error.hint).toContain('set models.answer.model in knowhow.yaml to the file path');
      expect(error.details).toMatchObject({ uri, setting: 'models.answer.model', provider: 'llama-cpp' });
    } finally {
      if (previous === undefined) delete process.env.HF_ENDPOINT;
      else process.env.HF_ENDPOINT = previous;
    }
  });

  it('uses an already downloaded hf: model without the network', async () => {
    const cache = path.join(directory, 'cached');
    await fs.mkdir(cache, { recursive: true });
    const file = path.join(cache, 'hf_knowhow-tests_tiny.Q8_0.gguf');
    await fs.writeFile(file, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(20)]));
    const previous = process.env.HF_ENDPOINT;
    process.env.HF_ENDPOINT = `http://127.0.0.1:${await findClosedPort()}/`;
    try {
      const resolved = await resolveModelPath({
        reference: 'hf:knowhow-tests/tiny-GGUF/tiny.Q8_0.gguf',
        cacheDirectory: cache,
        context,
        setting: 'models.answer.model',
      });
      expect(resolved).toBe(file);
    } finally {
      if (previous === undefined) delete process.env.HF_ENDPOINT;
      else process.env.HF_ENDPOINT = previous;
    }
  });
});

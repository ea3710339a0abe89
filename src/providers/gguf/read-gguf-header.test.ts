import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGguf } from '../../../test/helpers/gguf/encode-gguf.js';
import { readFileMagic, readGgufHeader } from './read-gguf-header.js';

let directory: string;

beforeAll(async () => {
  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
});

afterAll(async () => {
  await fs.rm(directory, { recursive: true, force: true });
});

describe('readGgufHeader', () => {
  it('reads scalar metadata with its type and skips arrays', async () => {
    const file = path.join(directory, 'header.gguf');
    await fs.writeFile(
      file,
      encodeGguf({
        metadata: [
          ['general.type', { type: 'string', value: 'adapter' }],
          ['adapter.lora.alpha', { type: 'u32', value: 8 }],
          ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', values: ['a', 'bb', 'ccc'] }],
          ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', values: [0.5, 1] }],
          ['after.arrays', { type: 'bool', value: true }],
        ],
        tensors: [{ name: 't', dims: [2], data: new Float32Array([1, 2]) }],
      }),
    );
    const header = await readGgufHeader(file);
    expect(header.version).toBe(3);
    expect(header.tensorCount).toBe(1);
    expect(header.metadata.get('adapter.lora.alpha')).toEqual({ type: 'u32', value: 8 });
    expect(header.metadata.get('tokenizer.ggml.tokens')).toEqual({
      type: 'array',
      itemType: 'string',
      length: 3,
    });
    expect(header.metadata.get('after.arrays')).toEqual({ type: 'bool', value: true });
  });

  it('says what is wrong with a file that is not GGUF or is cut short', async () => {
    const text = path.join(directory, 'notes.txt');
    await fs.writeFile(text, 'hello world');
    await expect(readGgufHeader(text)).rejects.toThrow('it does not start with "GGUF" (found "hell")');
    expect(await readFileMagic(text)).toBe('hell');

    const truncated = path.join(directory, 'truncated.gguf');
    const whole = encodeGguf({
      metadata: [['general.name', { type: 'string', value: 'x'.repeat(100) }]],
      tensors: [],
    });
    await fs.writeFile(truncated, whole.subarray(0, 40));
    await expect(readGgufHeader(truncated)).rejects.toThrow('the file ends inside the GGUF header');
  });
});

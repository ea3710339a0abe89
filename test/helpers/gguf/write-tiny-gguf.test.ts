import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGgufHeader } from '../../../src/providers/gguf/index.js';
import { encodeGguf } from './encode-gguf.js';
import {
  buildTinyLlamaGguf,
  buildTinyLoraGguf,
  writeTinyLlamaGguf,
  writeTinyLoraGguf,
  writeTinyRerankerGguf,
} from './write-tiny-gguf.js';

let directory: string;

beforeAll(async () => {
  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
});

afterAll(async () => {
  await fs.rm(directory, { recursive: true, force: true });
});

describe('encodeGguf', () => {
  it('aligns every tensor offset to the running padded total', async () => {
    const bytes = encodeGguf({
      metadata: [['general.architecture', { type: 'string', value: 'llama' }]],
      tensors: [
        { name: 'a', dims: [3], data: new Float32Array([1, 2, 3]) },
        { name: 'b', dims: [2, 2], data: new Float32Array([4, 5, 6, 7]) },
      ],
    });
    const file = path.join(directory, 'aligned.gguf');
    await fs.writeFile(file, bytes);
    const info = await readGgufFileInfo(file, { readTensorInfo: true });
    expect(info.version).toBe(3);
    expect(info.fullTensorInfo?.map((tensor) => [tensor.name, Number(tensor.offset)])).toEqual([
      ['a', 0],
      ['b', 32],
    ]);
    expect(bytes.length % 32).toBe(0);
  });

  it('rejects a tensor whose data does not fill its dimensions', () => {
    expect(() =>
      encodeGguf({ metadata: [], tensors: [{ name: 'x', dims: [2, 2], data: new Float32Array(3) }] }),
    ).toThrow(/x: dims 2×2 need 4 values, got 3/);
  });
});

describe('tiny GGUF models', () => {
  it('are byte-for-byte deterministic for a seed, and differ between seeds', () => {
    const first = buildTinyLlamaGguf({ seed: 3 });
    expect(buildTinyLlamaGguf({ seed: 3 }).equals(first)).toBe(true);
    expect(buildTinyLlamaGguf({ seed: 4 }).equals(first)).toBe(false);
    expect(buildTinyLoraGguf({ seed: 5 }).equals(buildTinyLoraGguf({ seed: 5 }))).toBe(true);
  });

  it('writes a Llama model with a ChatML template, byte tokens and the requested dimensions', async () => {
    const file = path.join(directory, 'tiny.gguf');
    const written = await writeTinyLlamaGguf({
      path: file,
      embedding: 32,
      heads: 2,
      layers: 1,
      pooling: 'mean',
    });
    const info = await readGgufFileInfo(file);
    const metadata = info.metadata as unknown as Record<string, Record<string, unknown>>;
    expect(metadata.general?.architecture).toBe('llama');
    expect(metadata.llama).toMatchObject({ embedding_length: 32, block_count: 1, pooling_type: 1 });
    const tokenizer = metadata.tokenizer as {
      chat_template: string;
      ggml: { tokens: string[]; token_type: number[] };
    };
    expect(tokenizer.chat_template).toContain('<|im_start|>');
    expect(tokenizer.ggml.tokens).toContain('<0xFF>');
    expect(tokenizer.ggml.tokens).toContain('▁refund');
    expect(tokenizer.ggml.tokens.length).toBe(written.vocabularySize);
    expect(tokenizer.ggml.token_type[tokenizer.ggml.tokens.indexOf('<|im_end|>')]).toBe(3);
    expect(written.bytes).toBe((await fs.stat(file)).size);
  });

  it('writes a reranker with a two-label classification head', async () => {
    const file = path.join(directory, 'reranker.gguf');
    await writeTinyRerankerGguf({ path: file });
    const info = await readGgufFileInfo(file, { readTensorInfo: true });
    expect(info.metadata.general.architecture).toBe('qwen3');
    const head = info.fullTensorInfo?.find((tensor) => tensor.name === 'cls.output.weight');
    expect(head?.dimensions.map(Number)).toEqual([64, 2]);
  });

  it('writes a LoRA adapter whose alpha is an f32 (llama.cpp aborts on any other type)', async () => {
    const file = path.join(directory, 'lora.gguf');
    await writeTinyLoraGguf({ path: file, rank: 2, alpha: 4 });
    const header = await readGgufHeader(file);
    expect(header.metadata.get('adapter.lora.alpha')).toEqual({ type: 'f32', value: 4 });
    expect(header.metadata.get('general.type')).toEqual({ type: 'string', value: 'adapter' });
    expect(header.tensorCount).toBe(2 * 7 * 2);
  });
});

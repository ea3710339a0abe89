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

  it('reads GGUF v2 and all thirteen value types, and rejects a bad type, an impossible length and an empty file', async () => {
    const header = (version: number) =>
      Buffer.concat([Buffer.from('GGUF'), u32(version), u64(0n), u64(BigInt(allTypes.length))]);
    const body = Buffer.concat(
      allTypes.map(([key, typeId, bytes]) => Buffer.concat([text(key), u32(typeId), bytes])),
    );
    for (const version of [2, 3]) {
      const file = path.join(directory, `all-types-v${version}.gguf`);
      await fs.writeFile(file, Buffer.concat([header(version), body]));
      const read = await readGgufHeader(file);
      expect(read.version).toBe(version);
      expect(Object.fromEntries(read.metadata)).toEqual({
        'k.u8': { type: 'u8', value: 200 },
        'k.i8': { type: 'i8', value: -5 },
        'k.u16': { type: 'u16', value: 60000 },
        'k.i16': { type: 'i16', value: -300 },
        'k.u32': { type: 'u32', value: 4000000000 },
        'k.i32': { type: 'i32', value: -7 },
        'k.f32': { type: 'f32', value: 0.5 },
        'k.bool': { type: 'bool', value: true },
        'k.string': { type: 'string', value: 'héllo' },
        'k.u64': { type: 'u64', value: 2n ** 63n + 5n },
        'k.i64': { type: 'i64', value: -(2n ** 40n) },
        'k.f64': { type: 'f64', value: 1.25 },
        'k.array': { type: 'array', itemType: 'u16', length: 2 },
      });
    }
    const badType = path.join(directory, 'bad-type.gguf');
    await fs.writeFile(badType, Buffer.concat([header(3), text('k.x'), u32(99)]));
    await expect(readGgufHeader(badType)).rejects.toThrow('unknown GGUF value type 99');
    const badLength = path.join(directory, 'bad-length.gguf');
    await fs.writeFile(badLength, Buffer.concat([header(3), u64(2n ** 60n)]));
    await expect(readGgufHeader(badLength)).rejects.toThrow('is impossible here: the file is corrupt');
    const big = path.join(directory, 'big-endian.gguf');
    await fs.writeFile(big, Buffer.from([0x47, 0x47, 0x55, 0x46, 0, 0, 0, 3]));
    await expect(readGgufHeader(big)).rejects.toThrow('GGUF version 50331648 is not supported');
    const empty = path.join(directory, 'empty.gguf');
    await fs.writeFile(empty, Buffer.alloc(0));
    await expect(readGgufHeader(empty)).rejects.toThrow('the file ends inside the GGUF header');
  });
});

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

function u64(value: bigint): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(value);
  return buffer;
}

function text(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([u64(BigInt(bytes.length)), bytes]);
}

function bytesOf(size: number, write: (buffer: Buffer) => void): Buffer {
  const buffer = Buffer.alloc(size);
  write(buffer);
  return buffer;
}

/** Key, GGUF type id and little-endian value bytes: one of every type (ids as in ggml's gguf.h). */
const allTypes: ReadonlyArray<readonly [string, number, Buffer]> = [
  ['k.u8', 0, bytesOf(1, (buffer) => buffer.writeUInt8(200))],
  ['k.i8', 1, bytesOf(1, (buffer) => buffer.writeInt8(-5))],
  ['k.u16', 2, bytesOf(2, (buffer) => buffer.writeUInt16LE(60000))],
  ['k.i16', 3, bytesOf(2, (buffer) => buffer.writeInt16LE(-300))],
  ['k.u32', 4, u32(4000000000)],
  ['k.i32', 5, bytesOf(4, (buffer) => buffer.writeInt32LE(-7))],
  ['k.f32', 6, bytesOf(4, (buffer) => buffer.writeFloatLE(0.5))],
  ['k.bool', 7, Buffer.from([1])],
  ['k.string', 8, text('héllo')],
  ['k.u64', 10, u64(2n ** 63n + 5n)],
  ['k.i64', 11, bytesOf(8, (buffer) => buffer.writeBigInt64LE(-(2n ** 40n)))],
  ['k.f64', 12, bytesOf(8, (buffer) => buffer.writeDoubleLE(1.25))],
  ['k.array', 9, Buffer.concat([u32(2), u64(2n), Buffer.from([1, 0, 2, 0])])],
];

/**
 * A minimal GGUF v3 encoder: metadata key/values plus F32 tensors, nothing else.
 * Layout (little-endian): "GGUF", version u32, tensor count u64, KV count u64, the KVs, the tensor
 * infos, padding to `general.alignment`, then the tensor data, each tensor starting on an aligned offset.
 */
import os from 'node:os';

/** GGUF metadata value type ids, as in ggml's gguf.h. */
const valueTypeIds = {
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  string: 8,
  array: 9,
} as const;

type ScalarType = 'u32' | 'i32' | 'f32' | 'bool' | 'string';

export type GgufValue =
  | { type: 'u32' | 'i32' | 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; itemType: 'u32' | 'i32' | 'f32'; values: readonly number[] }
  | { type: 'array'; itemType: 'string'; values: readonly string[] };

export interface GgufTensor {
  name: string;
  /** Fastest-varying dimension first, as ggml's `ne`. */
  dims: readonly number[];
  data: Float32Array;
}

export interface EncodeGgufOptions {
  metadata: ReadonlyArray<readonly [key: string, value: GgufValue]>;
  tensors: readonly GgufTensor[];
  alignment?: number;
}

const ggmlTypeF32 = 0;

/** A growable little-endian byte sink; GGUF headers are small, so plain chunk concatenation is enough. */
class ByteSink {
  private readonly chunks: Buffer[] = [];
  length = 0;

  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }

  u32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    this.push(buffer);
  }

  i32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeInt32LE(value);
    this.push(buffer);
  }

  u64(value: number): void {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    this.push(buffer);
  }

  f32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeFloatLE(value);
    this.push(buffer);
  }

  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }

  padTo(alignment: number): void {
    const remainder = this.length % alignment;
    if (remainder !== 0) this.push(Buffer.alloc(alignment - remainder));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function writeScalar(sink: ByteSink, type: ScalarType, value: number | string | boolean): void {
  switch (type) {
    case 'u32':
      sink.u32(value as number);
      return;
    case 'i32':
      sink.i32(value as number);
      return;
    case 'f32':
      sink.f32(value as number);
      return;
    case 'bool':
      sink.push(Buffer.from([value ? 1 : 0]));
      return;
    case 'string':
      sink.string(value as string);
      return;
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  sink.u32(valueTypeIds[value.type]);
  if (value.type !== 'array') {
    writeScalar(sink, value.type, value.value);
    return;
  }
  sink.u32(valueTypeIds[value.itemType]);
  sink.u64(value.values.length);
  for (const item of value.values) writeScalar(sink, value.itemType, item);
}

/** Little-endian bytes of the values; a copy-free view where the machine is little-endian already. */
function float32Bytes(data: Float32Array): Buffer {
  if (os.endianness() === 'LE') return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const bytes = Buffer.alloc(data.byteLength);
  data.forEach((value, index) => {
    bytes.writeFloatLE(value, index * 4);
  });
  return bytes;
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Serialises a whole GGUF file into one buffer. */
export function encodeGguf({ metadata, tensors, alignment = 32 }: EncodeGgufOptions): Buffer {
  const sink = new ByteSink();
  sink.push(Buffer.from('GGUF', 'ascii'));
  sink.u32(3);
  sink.u64(tensors.length);
  sink.u64(metadata.length);
  for (const [key, value] of metadata) {
    sink.string(key);
    writeValue(sink, value);
  }

  // llama.cpp insists that each offset equals the running padded total exactly.
  let offset = 0;
  for (const tensor of tensors) {
    const elements = tensor.dims.reduce((product, dim) => product * dim, 1);
    if (elements !== tensor.data.length) {
      throw new Error(
        `Tensor ${tensor.name}: dims ${tensor.dims.join('×')} need ${elements} values, got ${tensor.data.length}.`,
      );
    }
    sink.string(tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(dim);
    sink.u32(ggmlTypeF32);
    sink.u64(offset);
    offset = alignUp(offset + tensor.data.byteLength, alignment);
  }
  sink.padTo(alignment);

  for (const tensor of tensors) {
    sink.push(float32Bytes(tensor.data));
    sink.padTo(alignment);
  }
  return sink.toBuffer();
}

/**
 * Reads the magic bytes and the metadata of a GGUF file without llama.cpp. llama.cpp aborts the whole
 * process (a native assert, not an exception) on some malformed files, e.g. a LoRA adapter whose
 * `adapter.lora.alpha` is not an f32, so such files are checked here first.
 *
 * Kept instead of `@huggingface/gguf` 0.4.6 after a measurement (2026-12-06, issue 14 item 8): of 8
 * cases (v2 and v3 with all 13 value types, big-endian, not GGUF, truncated, unknown type, impossible
 * length, empty) each passed 7; the library reads a truncated file as valid metadata padded with
 * zeros (a cut download would pass this check), ours rejects big-endian files, which llama.cpp on
 * a little-endian machine cannot load either. The library parses every vocabulary string (an
 * LLM-size header with 152k tokens and 151k merges: 2,571 ms against our 702 ms), its cold import
 * is ~330 ms against ~35 ms (it loads `@huggingface/tasks`), and it installs 6.1 MB.
 */
import fs from 'node:fs/promises';

export const ggufMagic = 'GGUF';

/** GGUF value type ids → name and fixed byte size (0 for variable-size types). */
const valueTypes: ReadonlyArray<readonly [name: GgufValueTypeName, size: number]> = [
  ['u8', 1],
  ['i8', 1],
  ['u16', 2],
  ['i16', 2],
  ['u32', 4],
  ['i32', 4],
  ['f32', 4],
  ['bool', 1],
  ['string', 0],
  ['array', 0],
  ['u64', 8],
  ['i64', 8],
  ['f64', 8],
];

export type GgufValueTypeName =
  | 'u8'
  | 'i8'
  | 'u16'
  | 'i16'
  | 'u32'
  | 'i32'
  | 'f32'
  | 'bool'
  | 'string'
  | 'array'
  | 'u64'
  | 'i64'
  | 'f64';

export interface GgufHeaderValue {
  type: GgufValueTypeName;
  /** Scalars only; arrays are skipped (their item type and length are kept). */
  value?: string | number | boolean | bigint;
  itemType?: GgufValueTypeName;
  length?: number;
}

export interface GgufHeader {
  version: number;
  tensorCount: number;
  metadata: Map<string, GgufHeaderValue>;
}

/** The first four bytes of a file, as text ("" for a shorter file). */
export async function readFileMagic(filePath: string): Promise<string> {
  const handle = await fs.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

/** Reads forward through a file in chunks, so a header is parsed without loading gigabytes of tensors. */
class ForwardReader {
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;
  position = 0;

  constructor(
    private readonly handle: fs.FileHandle,
    private readonly maxBytes: number,
  ) {}

  private async ensure(count: number): Promise<Buffer> {
    const offset = this.position - this.bufferStart;
    if (offset + count <= this.buffer.length) return this.buffer.subarray(offset, offset + count);
    if (this.position + count > this.maxBytes) {
      throw new Error(`the GGUF header is larger than ${this.maxBytes} bytes, or the file is corrupt`);
    }
    const wanted = Math.max(count, 1 << 20);
    const chunk = Buffer.alloc(wanted);
    const { bytesRead } = await this.handle.read(chunk, 0, wanted, this.position);
    if (bytesRead < count) throw new Error('the file ends inside the GGUF header (truncated download?)');
    this.buffer = chunk.subarray(0, bytesRead);
    this.bufferStart = this.position;
    return this.buffer.subarray(0, count);
  }

  async bytes(count: number): Promise<Buffer> {
    const view = await this.ensure(count);
    this.position += count;
    return view;
  }

  async u32(): Promise<number> {
    return (await this.bytes(4)).readUInt32LE(0);
  }

  async u64(): Promise<bigint> {
    return (await this.bytes(8)).readBigUInt64LE(0);
  }

  async length(): Promise<number> {
    const value = await this.u64();
    if (value > BigInt(this.maxBytes))
      throw new Error(`a length of ${value} is impossible here: the file is corrupt`);
    return Number(value);
  }

  async string(): Promise<string> {
    return (await this.bytes(await this.length())).toString('utf8');
  }

  async skip(count: number): Promise<void> {
    if (this.position + count > this.maxBytes) throw new Error('the GGUF header runs past its size limit');
    this.position += count;
  }
}

function typeOf(id: number): readonly [GgufValueTypeName, number] {
  const entry = valueTypes[id];
  if (entry === undefined)
    throw new Error(`unknown GGUF value type ${id}: the file is corrupt or from a newer GGUF version`);
  return entry;
}

async function readScalar(
  reader: ForwardReader,
  type: GgufValueTypeName,
): Promise<string | number | boolean | bigint> {
  switch (type) {
    case 'u8':
      return (await reader.bytes(1)).readUInt8(0);
    case 'i8':
      return (await reader.bytes(1)).readInt8(0);
    case 'u16':
      return (await reader.bytes(2)).readUInt16LE(0);
    case 'i16':
      return (await reader.bytes(2)).readInt16LE(0);
    case 'u32':
      return reader.u32();
    case 'i32':
      return (await reader.bytes(4)).readInt32LE(0);
    case 'f32':
      return (await reader.bytes(4)).readFloatLE(0);
    case 'bool':
      return (await reader.bytes(1)).readUInt8(0) !== 0;
    case 'string':
      return reader.string();
    case 'u64':
      return reader.u64();
    case 'i64':
      return (await reader.bytes(8)).readBigInt64LE(0);
    case 'f64':
      return (await reader.bytes(8)).readDoubleLE(0);
    case 'array':
      throw new Error('nested arrays are not scalars');
  }
}

async function readValue(reader: ForwardReader, typeId: number): Promise<GgufHeaderValue> {
  const [type] = typeOf(typeId);
  if (type !== 'array') return { type, value: await readScalar(reader, type) };
  const [itemType, itemSize] = typeOf(await reader.u32());
  const length = await reader.length();
  if (itemType === 'string') {
    for (let index = 0; index < length; index++) await reader.skip(await reader.length());
  } else if (itemType === 'array') {
    throw new Error('arrays of arrays are not supported in GGUF metadata');
  } else {
    await reader.skip(length * itemSize);
  }
  return { type, itemType, length };
}

/**
 * Parses the GGUF header's metadata (types included, which llama.cpp asserts on). Throws a plain
 * Error saying what is wrong; callers turn it into a KnowhowError naming the file and setting.
 */
export async function readGgufHeader(
  filePath: string,
  options: { maxBytes?: number } = {},
): Promise<GgufHeader> {
  const handle = await fs.open(filePath, 'r');
  try {
    const reader = new ForwardReader(handle, options.maxBytes ?? 256 * 1024 * 1024);
    const magic = (await reader.bytes(4)).toString('latin1');
    if (magic !== ggufMagic)
      throw new Error(`it does not start with "GGUF" (found ${JSON.stringify(magic)})`);
    const version = await reader.u32();
    if (version < 2 || version > 3) throw new Error(`GGUF version ${version} is not supported (2 and 3 are)`);
    const tensorCount = Number(await reader.u64());
    const keyCount = Number(await reader.u64());
    const metadata = new Map<string, GgufHeaderValue>();
    for (let index = 0; index < keyCount; index++) {
      const key = await reader.string();
      metadata.set(key, await readValue(reader, await reader.u32()));
    }
    return { version, tensorCount, metadata };
  } finally {
    await handle.close();
  }
}

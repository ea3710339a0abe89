import { createReadStream } from 'node:fs';

export type LineRead = { line: number; bytes: Buffer } | { line: number; tooLong: true };

export interface ReadLinesOptions {
  path: string;
  /** Longer lines are reported (`tooLong`) and skipped without being held in memory. */
  maxLineBytes: number;
  signal?: AbortSignal;
}

/**
 * Streams a file's lines as raw bytes (without `\n` or `\r\n`), the lines of each read chunk
 * together. Bytes rather than strings, unlike readline: a stream decoder would silently replace
 * invalid UTF-8, and each line must be checked and reported with its own number. In batches:
 * one awaited step per line took 0.9 of the 7.6 s that loading a 1M-record JSONL took (6.7 s after).
 */
export async function* readLines(options: ReadLinesOptions): AsyncGenerator<LineRead[]> {
  const stream = createReadStream(options.path, {
    highWaterMark: 256 * 1024,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let line = 0;
  const take = (last: Buffer): LineRead => {
    line++;
    if (tooLong || pendingBytes + last.length > options.maxLineBytes) return { line, tooLong: true };
    const bytes = pendingBytes === 0 ? last : Buffer.concat([...pending, last]);
    return { line, bytes: bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes };
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    const reads: LineRead[] = [];
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      reads.push(take(chunk.subarray(start, newline)));
      pending = [];
      pendingBytes = 0;
      tooLong = false;
      start = newline + 1;
    }
    if (reads.length > 0) yield reads;
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (tooLong || pendingBytes + rest.length > options.maxLineBytes) {
        tooLong = true;
        pending = [];
        pendingBytes = 0;
      } else {
        pending.push(rest);
        pendingBytes += rest.length;
      }
    }
  }
  if (pendingBytes > 0 || tooLong) yield [take(Buffer.alloc(0))];
}

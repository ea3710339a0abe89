import { readFile } from 'node:fs/promises';
import type { FileTextMap } from '../../core/text/text-origin.js';
import { type DecodeTextOptions, decodeText } from './decode-text.js';
import { describeFileError } from './file-errors.js';
import type { IngestFailure, LoaderInput } from './loader.js';

export type ReadBytesResult = { ok: true; bytes: Buffer } | { ok: false; failure: IngestFailure };
export type ReadTextResult =
  | { ok: true; text: string; map: FileTextMap }
  | { ok: false; failure: IngestFailure };

/** Reads a whole file: callers have already checked its size against ingest.maxFileBytes. */
export async function readFileBytes(input: LoaderInput): Promise<ReadBytesResult> {
  try {
    const bytes = await readFile(
      input.absolutePath,
      input.signal === undefined ? {} : { signal: input.signal },
    );
    return { ok: true, bytes };
  } catch (error) {
    input.signal?.throwIfAborted();
    const described = describeFileError(error);
    return {
      ok: false,
      failure: { source: input.relativePath, documentId: input.relativePath, ...described },
    };
  }
}

export async function readTextFile(
  input: LoaderInput,
  options: DecodeTextOptions = {},
): Promise<ReadTextResult> {
  const read = await readFileBytes(input);
  if (!read.ok) return read;
  return decodeFileBytes(input, read.bytes, options);
}

export function decodeFileBytes(
  input: LoaderInput,
  bytes: Buffer,
  options: DecodeTextOptions = {},
): ReadTextResult {
  const decoded = decodeText(bytes, options);
  if (decoded.ok) return decoded;
  return {
    ok: false,
    failure: {
      source: input.relativePath,
      documentId: input.relativePath,
      ...(decoded.line === undefined ? {} : { line: decoded.line }),
      code: 'INPUT_INVALID',
      reason: decoded.reason,
      hint: decoded.hint,
    },
  };
}

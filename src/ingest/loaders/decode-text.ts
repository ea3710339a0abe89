import { isUtf8 } from 'node:buffer';
import { type FileTextMap, mapLineEndings } from '../../core/text/text-origin.js';

/** Binary sniffing looks at this many leading bytes, like git and grep do. */
export const BINARY_SNIFF_BYTES = 8192;

export type DecodeResult =
  | {
      ok: true;
      text: string /** Where each character of `text` stands in the file's text. */;
      map: FileTextMap;
    }
  | { ok: false; reason: string; hint: string; line?: number; kind: 'empty' | 'binary' | 'encoding' };

export interface DecodeTextOptions {
  /** A legacy encoding the file declares (an HTML meta charset); UTF-8 when absent. */
  encoding?: string;
}

const EXCLUDE_HINT = 'or add it to ingest.exclude in knowhow.yaml';

/**
 * Decodes a text file strictly: a NUL byte means binary, invalid UTF-8 is reported with the line of
 * the first bad byte (never silently replaced), line endings become `\n` so that hashes do not
 * depend on the platform that checked the file out.
 */
export function decodeText(bytes: Buffer, options: DecodeTextOptions = {}): DecodeResult {
  if (bytes.length === 0) return emptyResult('the file is empty');
  let text: string;
  let bomLength: 0 | 1 = 0;
  const utf16 = detectUtf16(bytes);
  if (utf16 !== null) {
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes.subarray(2));
      bomLength = 1;
    } catch {
      return {
        ok: false,
        kind: 'encoding',
        reason: `invalid ${utf16.toUpperCase()} (the file starts with a UTF-16 byte-order mark)`,
        hint: `Re-save the file as UTF-8 ${EXCLUDE_HINT}.`,
      };
    }
  } else {
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      return {
        ok: false,
        kind: 'binary',
        reason: `binary content (a NUL byte in the first ${BINARY_SNIFF_BYTES} bytes) in a file with a text extension`,
        hint: `Convert it to a supported format, fix its extension, ${EXCLUDE_HINT}.`,
      };
    }
    // Valid UTF-8 wins over a declared legacy charset: pages are often mislabelled, and
    // non-ASCII text that happens to be valid UTF-8 almost never is anything else.
    const legacy = options.encoding === undefined ? null : legacyDecoder(options.encoding);
    if (isUtf8(bytes)) {
      text = bytes.toString('utf8', start);
      if (start > 0) bomLength = 1;
    } else if (legacy !== null) {
      text = legacy.encoding === 'windows-1252' ? decodeWindows1252(bytes) : legacy.decode(bytes);
    } else {
      const offset = findInvalidUtf8(bytes);
      const line = countLines(bytes, offset);
      return {
        ok: false,
        kind: 'encoding',
        line,
        reason: `invalid UTF-8 (byte offset ${offset})`,
        hint: `Re-save the file as UTF-8 (e.g. \`iconv -f latin1 -t utf-8\`) ${EXCLUDE_HINT}.`,
      };
    }
  }
  const map = mapLineEndings(text, bomLength);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (!/\S/.test(text)) return emptyResult('the file contains only whitespace');
  return { ok: true, text, map };
}

function emptyResult(reason: string): DecodeResult {
  return { ok: false, kind: 'empty', reason, hint: `Add content to the file, delete it, ${EXCLUDE_HINT}.` };
}

function detectUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

function legacyDecoder(encoding: string): InstanceType<typeof TextDecoder> | null {
  try {
    const decoder = new TextDecoder(encoding);
    return decoder.encoding === 'utf-8' ? null : decoder;
  } catch {
    return null;
  }
}

// Node 20's TextDecoder treats windows-1252 (and so latin1, which the Encoding Standard maps to
// it) as ISO-8859-1, losing the characters web pages put in 0x80–0x9F: €, curly quotes, dashes.
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(
      /[\u0080-\u009f]/g,
      (character) => WINDOWS_1252_HIGH[character.charCodeAt(0) - 0x80] ?? character,
    );
}

/** 1-based line of a byte offset. */
export function countLines(bytes: Uint8Array, offset: number): number {
  let line = 1;
  let position = bytes.indexOf(0x0a);
  while (position !== -1 && position < offset) {
    line++;
    position = bytes.indexOf(0x0a, position + 1);
  }
  return line;
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. Only runs
 * after the native check has failed, so its speed does not matter.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next];
      const min = next === 1 ? low : 0x80;
      const max = next === 1 ? high : 0xbf;
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += length;
  }
  return -1;
}

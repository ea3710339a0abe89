/**
 * Where a document's text came from, so that a chunk can name its place in the file a reader can
 * open: offsets and lines for text that *is* the file's text, the record's line for a JSONL
 * record, pages for a PDF, and for an HTML page the markup each converted block came from. Text
 * converted from something that is not a text file (.docx) or assembled from fields (a .json
 * record) has no origin.
 *
 * File offsets count UTF-16 code units of the file decoded in its encoding, exactly as read —
 * a byte-order mark is one character (U+FEFF), line endings are as in the file — so for a UTF-8
 * file `readFileSync(file, 'utf8').slice(sourceStart, sourceEnd)` is the passage, with `\r\n`
 * where the document text has `\n`. Lines are 1-based; `\r\n`, `\r` and `\n` each end one.
 */
export type TextOrigin =
  | { kind: 'file'; map: FileTextMap }
  | { kind: 'record'; line: number }
  | { kind: 'pages'; pages: PageStart[] }
  | { kind: 'blocks'; blocks: SourceBlock[] };

/**
 * How offsets in the document text map to the file. Normalisation only ever drops characters (a
 * BOM, the `\r` of `\r\n`, the front matter before the body) or swaps one for one (a lone `\r`
 * becomes `\n`), so the map is a list of shifts that only grow.
 */
export interface FileTextMap {
  /** 1-based line of the file on which the text's first character stands. */
  firstLine: number;
  /** `[textOffset, shift]`, ascending: from textOffset on, fileOffset = textOffset + shift. Starts at 0. */
  shifts: [number, number][];
}

/**
 * A block of converted text (a paragraph, heading, list item, table) and the markup it came from:
 * file offsets from the element's `<` to its closing `>`, and the lines of both.
 */
export interface SourceBlock {
  textStart: number;
  textEnd: number;
  sourceStart: number;
  sourceEnd: number;
  line: number;
  endLine: number;
}

/** `[textOffset, page]`: the text from textOffset on is on that 1-based page (pages without text are absent). */
export type PageStart = [number, number];

export function identityTextMap(): FileTextMap {
  return { firstLine: 1, shifts: [[0, 0]] };
}

/**
 * The map for text decoded from a file: `decoded` is the file's text as read (BOM removed when
 * `bomLength` is 1), before line endings were normalised.
 */
export function mapLineEndings(decoded: string, bomLength: 0 | 1): FileTextMap {
  const shifts: [number, number][] = [[0, bomLength]];
  let removed = 0;
  for (let index = decoded.indexOf('\r\n'); index !== -1; index = decoded.indexOf('\r\n', index + 2)) {
    removed++;
    // The \n that follows the dropped \r lands at index - (removed - 1) in the text.
    shifts.push([index - removed + 1, bomLength + removed]);
  }
  return { firstLine: 1, shifts };
}

/** The map of `text.slice(start)`: what is cut from the front moves the first line down. */
export function sliceTextMap(map: FileTextMap, text: string, start: number): FileTextMap {
  let lines = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < start; index = text.indexOf('\n', index + 1))
    lines++;
  const shifts: [number, number][] = [[0, start + shiftAt(map, start)]];
  for (const [offset, shift] of map.shifts) if (offset > start) shifts.push([offset - start, start + shift]);
  return { firstLine: map.firstLine + lines, shifts };
}

/** The file offset of the character at `offset` in the text. */
export function toFileOffset(map: FileTextMap, offset: number): number {
  return offset + shiftAt(map, offset);
}

function shiftAt(map: FileTextMap, offset: number): number {
  // Binary search for the last shift at or before offset.
  let low = 0;
  let high = map.shifts.length - 1;
  let shift = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, value] = map.shifts[middle]!;
    if (start <= offset) {
      shift = value;
      low = middle + 1;
    } else high = middle - 1;
  }
  return shift;
}

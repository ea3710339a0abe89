/**
 * A fast token-count estimate for budgeting (chunk sizes, context packing) when no model
 * tokenizer is at hand. It follows the shape of GPT-style pre-tokenisation — words,
 * numbers and punctuation are separate pieces, long words split into ~4-character pieces —
 * which tracks cl100k counts on English prose within about ±10%. Providers with a real
 * tokenizer (llama-cpp) pass their own `TokenCounter`.
 *
 * Pieces are runs of letters and marks (`[\p{L}\p{M}]+`), groups of up to three digits
 * (`\p{N}{1,3}`) and single other non-space characters. It is a character-class scanner rather
 * than a regex because it runs over every ingested byte: classes are looked up in a table for
 * ASCII and cached per code point otherwise.
 */
export type TokenCounter = (text: string) => number;

const space = 1;
const letter = 2;
const digit = 3;
const other = 4;

/** Class of each BMP code unit; 0 = not looked up yet. Astral code points go through `astralKinds`. */
const bmpKinds = new Uint8Array(0x10000);
const astralKinds = new Map<number, number>();
const spacePattern = /\s/u;
const letterPattern = /[\p{L}\p{M}]/u;
const digitPattern = /\p{N}/u;

function classify(codePoint: number): number {
  const character = String.fromCodePoint(codePoint);
  if (spacePattern.test(character)) return space;
  if (letterPattern.test(character)) return letter;
  if (digitPattern.test(character)) return digit;
  return other;
}

for (let code = 0; code < 128; code++) bmpKinds[code] = classify(code);

function kindOf(codePoint: number): number {
  if (codePoint < 0x10000) {
    let kind = bmpKinds[codePoint]!;
    if (kind === 0) {
      // A lone surrogate is one "other" character to the regex definition.
      kind = codePoint >= 0xd800 && codePoint <= 0xdfff ? other : classify(codePoint);
      bmpKinds[codePoint] = kind;
    }
    return kind;
  }
  let kind = astralKinds.get(codePoint);
  if (kind === undefined) {
    kind = classify(codePoint);
    astralKinds.set(codePoint, kind);
  }
  return kind;
}

/** Class and UTF-16 width of the character at `index`, packed as kind * 4 + width. */
function characterAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 128) return bmpKinds[code]! * 4 + 1;
  if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
    const low = text.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff)
      return kindOf(((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000) * 4 + 2;
  }
  return kindOf(code) * 4 + 1;
}

export const estimateTokens: TokenCounter = (text) => {
  const length = text.length;
  let count = 0;
  let index = 0;
  while (index < length) {
    const first = characterAt(text, index);
    const kind = first >> 2;
    if (kind === space) {
      index += first & 3;
      continue;
    }
    if (kind === other) {
      count++;
      index += first & 3;
      continue;
    }
    // Letter runs are measured in UTF-16 units (as the regex match length was), digit runs in code points.
    const start = index;
    let codePoints = 0;
    index += first & 3;
    codePoints++;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code < 128) {
        if (bmpKinds[code] !== kind) break;
        index++;
      } else {
        const next = characterAt(text, index);
        if (next >> 2 !== kind) break;
        index += next & 3;
      }
      codePoints++;
    }
    if (kind === letter) {
      const runLength = index - start;
      count += runLength <= 6 ? 1 : Math.ceil(runLength / 4);
    } else count += Math.ceil(codePoints / 3);
  }
  return count;
};

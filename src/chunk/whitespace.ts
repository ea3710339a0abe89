/**
 * Exactly the characters JavaScript's `\s` and `String.prototype.trim` treat as white space, tested
 * on char codes so the hot loops never allocate a one-character string.
 */
export function isWhitespaceCode(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** First index in [from, to) that is not white space, or `to`. */
export function skipWhitespace(text: string, from: number, to: number): number {
  let index = from;
  while (index < to && isWhitespaceCode(text.charCodeAt(index))) index++;
  return index;
}

/** One past the last index in [from, to) that is not white space, or `from`. */
export function trimEndIndex(text: string, from: number, to: number): number {
  let index = to;
  while (index > from && isWhitespaceCode(text.charCodeAt(index - 1))) index--;
  return index;
}

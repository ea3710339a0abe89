/**
 * Where a JSON text first goes wrong, as a character offset, or -1 when it is valid. JSON.parse
 * in this Node version names no position for most errors; users need a line to fix a file.
 * Runs only after JSON.parse has failed, so it favours being short over being fast.
 */
export function findJsonError(text: string): number {
  let index = 0;
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const skipSpace = () => {
    while (index < text.length && ' \t\n\r'.includes(text[index]!)) index++;
  };
  // Each returns false at the first error, leaving `index` on it.
  const value = (): boolean => {
    skipSpace();
    const character = text[index];
    if (character === '{') return container('}', true);
    if (character === '[') return container(']', false);
    if (character === '"') return string();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, index)) {
        index += literal.length;
        return true;
      }
    }
    number.lastIndex = index;
    if (number.test(text)) {
      index = number.lastIndex;
      return true;
    }
    return false;
  };
  const string = (): boolean => {
    index++;
    while (index < text.length) {
      const character = text[index]!;
      if (character === '"') {
        index++;
        return true;
      }
      if (character < ' ') return false;
      if (character === '\\') {
        const escaped = text[index + 1] ?? '';
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return false;
          index += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(escaped) || escaped === '') return false;
        index += 2;
        continue;
      }
      index++;
    }
    return false;
  };
  const container = (close: string, keyed: boolean): boolean => {
    index++;
    skipSpace();
    if (text[index] === close) {
      index++;
      return true;
    }
    for (;;) {
      if (keyed) {
        skipSpace();
        if (text[index] !== '"' || !string()) return false;
        skipSpace();
        if (text[index] !== ':') return false;
        index++;
      }
      if (!value()) return false;
      skipSpace();
      if (text[index] === close) {
        index++;
        return true;
      }
      if (text[index] !== ',') return false;
      index++;
    }
  };
  if (!value()) return index;
  skipSpace();
  return index < text.length ? index : -1;
}

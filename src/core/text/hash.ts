import { createHash } from 'node:crypto';

/** sha256 hex of the parts, separated so that ("ab","c") and ("a","bc") differ. */
export function hashParts(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(String(part.length));
    hash.update(':');
    hash.update(part);
  }
  return hash.digest('hex');
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

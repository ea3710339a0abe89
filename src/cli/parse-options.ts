import { KnowhowError } from '../core/errors.js';

export function parsePositiveInteger(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new KnowhowError('USAGE', `${flag} must be a positive whole number, got "${value}".`, {
      hint: `Example: ${flag} 10`,
    });
  }
  return parsed;
}

export function parseNumber(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    throw new KnowhowError('USAGE', `${flag} must be a number, got "${value}".`);
  }
  return parsed;
}

/** Repeatable / comma-separated list options: `--as a --as b` or `--as a,b`. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  ];
}

/** Repeatable options whose values may hold commas (paths): `--reporter junit=a,b.xml`. */
export function collectValues(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

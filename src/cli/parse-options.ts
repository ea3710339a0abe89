import { KnowhowError } from '../core/errors.js';
import { type RetrievalMode, retrievalModes } from '../core/types.js';

export function parsePositiveInteger(value: string, flag: string): number {
  return parseWholeNumber(value, flag, { minimum: 1, describe: 'a positive whole number', example: 10 });
}

export function parseNonNegativeInteger(value: string, flag: string): number {
  return parseWholeNumber(value, flag, { minimum: 0, describe: 'a whole number (0 or more)', example: 0 });
}

function parseWholeNumber(
  value: string,
  flag: string,
  bounds: { minimum: number; describe: string; example: number },
): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < bounds.minimum) {
    throw new KnowhowError('USAGE', `${flag} must be ${bounds.describe}, got "${value}".`, {
      hint: `Example: ${flag} ${bounds.example}`,
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

/** An option with a fixed set of values, or a usage error that lists them. */
export function parseChoice<T extends string>(value: string, flag: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new KnowhowError('USAGE', `${flag} "${value}" is not one of ${choices.join(', ')}.`);
}

/** `--mode`: one of the retrieval modes, or a usage error that lists them. */
export function parseRetrievalMode(value: string): RetrievalMode {
  if ((retrievalModes as readonly string[]).includes(value)) return value as RetrievalMode;
  throw new KnowhowError(
    'USAGE',
    `--mode "${value}" is not a retrieval mode: use ${retrievalModes.join(', ')}.`,
    {
      hint: 'bm25 needs no model; dense and hybrid need models.embed in knowhow.yaml.',
    },
  );
}

/** A required free-text argument (a question, a query): blank is a usage error, not an empty search. */
export function requireText(value: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed === '') {
    throw new KnowhowError('USAGE', `The ${what} is empty.`, {
      hint: `Pass the ${what} in quotes, e.g. knowhow ${what === 'question' ? 'ask "How long is the refund window?"' : 'search "refund window"'}.`,
    });
  }
  return trimmed;
}

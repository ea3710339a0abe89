import { describe, expect, it } from 'vitest';
import type { EvalRow } from '../core/eval-types.js';
import { describeFailedVariant, findFailedVariants } from './find-failed-variants.js';

const row = (variant: EvalRow['variant'], error?: string): EvalRow =>
  ({
    variant,
    caseId: `c-${Math.random()}`,
    ...(error ? { error: { code: 'PROVIDER_AUTH', message: error } } : {}),
  }) as EvalRow;

describe('findFailedVariants', () => {
  it('names only the variants whose every row is a model error', () => {
    const failed = findFailedVariants([
      row('prompt', 'bad key'),
      row('rag'),
      row('prompt', 'bad key again'),
      row('rag', 'timeout'),
      row('oracle', 'down'),
    ]);
    expect(failed.map((entry) => entry.variant)).toEqual(['prompt', 'oracle']);
    expect(describeFailedVariant(failed[0]!)).toBe(
      'prompt: all 2 rows failed with a model error (first: PROVIDER_AUTH bad key)',
    );
  });

  it('finds nothing in an empty run', () => {
    expect(findFailedVariants([])).toEqual([]);
  });
});

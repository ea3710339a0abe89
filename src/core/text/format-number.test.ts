import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, formatDecimal } from './format-number.js';

describe('formatDecimal and formatCount', () => {
  it('write numbers as en-US does', () => {
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(-1234567)).toBe('-1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatDecimal(1234.5, 2)).toBe('1,234.50');
    expect(formatDecimal(0.125, 2)).toBe('0.13');
    expect(formatDecimal(8279.425, 2)).toBe('8,279.43');
    expect(formatDecimal(1.005, 2)).toBe('1.01');
    expect(formatDecimal(999.995, 2)).toBe('1,000.00');
    expect(formatDecimal(-0.001, 2)).toBe('-0.00');
  });

  it('match toLocaleString("en-US") for every number', () => {
    const number = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer({ min: -1e9, max: 1e9 }).map((cents) => cents / 100),
      fc.integer({ min: -1e7, max: 1e7 }).map((thousandths) => thousandths / 1000 + 0.005),
      fc.constantFrom(0, -0, 0.5, 1.005, 2.675, 1e21, -1e21, 999999.995, Number.MAX_SAFE_INTEGER),
    );
    fc.assert(
      fc.property(number, fc.integer({ min: 0, max: 3 }), (value, digits) => {
        const options = { minimumFractionDigits: digits, maximumFractionDigits: digits };
        expect(formatDecimal(value, digits)).toBe(value.toLocaleString('en-US', options));
        expect(formatCount(value)).toBe(value.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
  });
});

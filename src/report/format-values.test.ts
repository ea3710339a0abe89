import { describe, expect, it } from 'vitest';
import {
  formatAxisMoney,
  formatCompact,
  formatMilliseconds,
  formatMoney,
  formatPercent,
  truncateText,
} from './format-values.js';

describe('format values', () => {
  it('keeps two significant digits for fractions of a cent and whole cents above', () => {
    expect(formatMoney(0.000999)).toBe('$0.0010');
    expect(formatMoney(0.00011)).toBe('$0.00011');
    expect(formatMoney(6.581)).toBe('$6.58');
    expect(formatMoney(12_345.6)).toBe('$12,346');
    expect(formatMoney(0)).toBe('$0');
  });

  it('prints an unknown currency code after the amount instead of failing', () => {
    expect(formatMoney(6.5, 'credits')).toBe('6.50 credits');
  });

  it('formats axis amounts without needless decimals', () => {
    expect([0.01, 0.1, 1, 100, 10_000].map((value) => formatAxisMoney(value))).toEqual([
      '$0.01',
      '$0.10',
      '$1',
      '$100',
      '$10,000',
    ]);
  });

  it('abbreviates volumes and formats durations and shares', () => {
    expect([10, 3806.9, 21_511, 1_000_000].map(formatCompact)).toEqual(['10', '3.8k', '21.5k', '1M']);
    expect(formatMilliseconds(673.4)).toBe('673 ms');
    expect(formatMilliseconds(1320)).toBe('1.32 s');
    expect(formatMilliseconds(null)).toBe('—');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(null)).toBe('—');
  });

  it('truncates to one line of the given width', () => {
    expect(truncateText('a  b\nc', 10)).toBe('a b c');
    const cut = truncateText('x'.repeat(50), 10);
    expect(cut).toHaveLength(10);
    expect(cut.endsWith('…')).toBe(true);
  });
});

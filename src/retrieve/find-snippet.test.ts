import { describe, expect, it } from 'vitest';
import { findSnippet, markSnippet } from './find-snippet.js';

const passage =
  'Quillstack bills every workspace monthly or yearly. Seats can be added at any time and are prorated. ' +
  'Invoices are emailed to the billing contact on the first of the month. ' +
  'If it is not working out, you can ask for a refund within 30 days of the purchase date; ' +
  'annual plans are refunded pro rata after that. Refunds go back to the original card.';

describe('findSnippet', () => {
  it('shows the window with the most query terms, stemmed forms included, cut on words', () => {
    const snippet = findSnippet(passage, 'refunds for annual plans', { maxChars: 120 });
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text).toContain('annual plans are refunded');
    const marked = markSnippet(snippet, '<', '>');
    expect(marked).toContain('<refund> within 30 days');
    expect(marked).toContain('<annual> <plans> are <refunded>');
    expect(snippet.text.length).toBeLessThanOrEqual(122);
  });

  it('starts at the beginning when no query term is in the passage (a dense hit)', () => {
    const snippet = findSnippet(passage, 'kubernetes', { maxChars: 60 });
    expect(snippet.text).toBe('Quillstack bills every workspace monthly or yearly. Seats…');
    expect(snippet.highlights).toEqual([]);
  });

  it('returns a short passage whole, whitespace collapsed, with its matches', () => {
    const snippet = findSnippet('Refund\n\n  policy', 'refund');
    expect(snippet).toEqual({ text: 'Refund policy', highlights: [{ start: 0, end: 6 }] });
  });

  it('reads Markdown as text: no link targets, emphasis, heading marks or table rules', () => {
    const snippet = findSnippet(
      '## Plans\n\n| Plan | Price |\n| --- | :---: |\n| **Team** | $14 |\n\nSee the [Free plan](../plans/free-plan.md) and `knowhow ask`.',
      'free plan',
    );
    expect(snippet.text).toBe('Plans | Plan | Price | | Team | $14 | See the Free plan and knowhow ask.');
    expect(markSnippet(snippet, '[', ']')).toContain('See the [Free] [plan] and');
  });
});

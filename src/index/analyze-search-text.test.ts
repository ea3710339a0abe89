import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSearchTerms } from './analyze-search-text.js';

describe('analyzeSearchTerms', () => {
  it('splits, drops possessives and stop words, lower-cases and Porter-stems', () => {
    expect(analyzeSearchTerms("The Admin's refunds were REFUNDED, and activation is generalized.")).toEqual([
      'admin',
      'refund',
      'refund',
      'activ',
      'gener',
    ]);
  });

  it('stems as Porter does, not as Snowball: the forms the BM25 baselines index', () => {
    // Snowball (LanceDB's own stemmer) gives "general", "generat" and "generous"; Porter meets them all at "gener".
    expect(analyzeSearchTerms('generalization generated generously')).toEqual(['gener', 'gener', 'gener']);
    expect(analyzeSearchTerms('how do customers have to ask')).toEqual(['custom', 'ask']);
  });

  it('folds Latin accents and ligatures, and leaves other scripts and codes unstemmed', () => {
    expect(analyzeSearchTerms('Café Straße Ærø')).toEqual(['cafe', 'strass', 'aero']);
    expect(analyzeSearchTerms('TNF-α IL-10 p53 наука 東京')).toEqual([
      'tnf',
      'α',
      'il',
      '10',
      'p53',
      'наука',
      '東京',
    ]);
  });

  it('drops terms longer than the index keeps, so queries and documents agree', () => {
    expect(analyzeSearchTerms(`alpha ${'a'.repeat(41)} beta`)).toEqual(['alpha', 'beta']);
  });

  it('emits only space-separated words, never query syntax, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), (text) => {
        for (const term of analyzeSearchTerms(text)) {
          expect(term).toMatch(/^[\p{L}\p{N}]{1,40}$/u);
        }
      }),
    );
    expect(analyzeSearchTerms('½ ﬁle')).toEqual(['½', 'file']);
  });
});

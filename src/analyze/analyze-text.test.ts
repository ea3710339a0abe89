import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze-text.js';

const analyzeSearchTerms = (text: string, language: 'english' | 'none' = 'english') =>
  analyze(text, language);

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

  it('keeps every word as written with language none, only lower-cased and folded', () => {
    expect(analyzeSearchTerms('The refunds were RUNNING, Café', 'none')).toEqual([
      'the',
      'refunds',
      'were',
      'running',
      'cafe',
    ]);
  });

  it('indexes Chinese, Japanese and Korean runs as overlapping character pairs', () => {
    expect(analyzeSearchTerms('東京都の天気 Tokyo2020年')).toEqual([
      '東京',
      '京都',
      '都の',
      'の天',
      '天気',
      'tokyo2020',
      '年',
    ]);
    expect(analyzeSearchTerms('退款政策')).toEqual(['退款', '款政', '政策']);
  });

  it('drops terms longer than the index keeps, so queries and documents agree', () => {
    expect(analyzeSearchTerms(`alpha ${'a'.repeat(41)} beta`)).toEqual(['alpha', 'beta']);
  });

  it('emits only space-separated words, never query syntax, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), (text) => {
        for (const term of analyzeSearchTerms(text)) {
          expect(term).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*$/u);
          expect(term.length).toBeLessThanOrEqual(40);
        }
      }),
    );
    expect(analyzeSearchTerms('½ ﬁle')).toEqual(['½', 'file']);
    // A vowel sign stays with its letter; a mark with no letter before it is not a word.
    expect(analyzeSearchTerms('हिन्दी ̸x')).toEqual(['हिन्दी', 'x']);
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeQuery } from './analyze-query.js';
import { analyze } from './analyze-text.js';

describe('analyzeQuery', () => {
  it('is the language’s own analysis when the index holds one language', () => {
    const query = '¿Cuántas ciudades tiene el país?';
    expect(analyzeQuery(query, ['spanish'])).toEqual(analyze(query, 'spanish'));
    expect(analyzeQuery('refunds? "window" (AND) -x', ['english'])).toEqual(['refund', 'window', 'x']);
  });

  it('brings each word’s distinct forms in every indexed language, once each', () => {
    // "Häuser" is "haus" in German and "hauser" in English; "2020" is the same in both and comes once.
    expect(analyzeQuery('Häuser 2020', ['german', 'english'])).toEqual(['haus', 'hauser', '2020']);
  });

  it('lets the query’s own language decide its stop words', () => {
    const query = 'die Häuser der Stadt';
    // Without knowing the query is German, English keeps "die" and "der" as words.
    expect(analyzeQuery(query, ['german', 'english'])).toEqual(['die', 'haus', 'hauser', 'der', 'stadt']);
    expect(analyzeQuery(query, ['german', 'english'], 'german')).toEqual(['haus', 'hauser', 'stadt']);
  });

  it('caps a pasted page at 256 terms', () => {
    expect(analyzeQuery('refund '.repeat(2000), ['english', 'spanish'])).toHaveLength(256);
  });
});

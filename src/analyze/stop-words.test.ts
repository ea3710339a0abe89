import { describe, expect, it } from 'vitest';
import { analyze } from './analyze-text.js';
import { stopWordsFor } from './stop-words.js';

describe('stop words: Spanish (Snowball list, checked on the stem as tantivy does)', () => {
  it('drops the forms of ser, estar and haber that the short `stopword` list keeps', () => {
    expect(analyze('¿Quién es el presidente que fue a Harvard?', 'spanish')).toEqual([
      'president',
      'harvard',
    ]);
    expect(analyze('¿Especies de ctenóforos hay?', 'spanish')).toEqual(['especi', 'ctenofor']);
    expect(stopWordsFor('spanish').has('estuvieron')).toBe(true);
  });

  it('keeps a function word whose stem is not on the list, as LanceDB does ("para" → "par")', () => {
    expect(analyze('otro nombre para el West Side', 'spanish')).toEqual(['nombr', 'par', 'west', 'sid']);
  });
});

describe('stop words: question words, which the Spanish and Greek lists lack', () => {
  it('drops Spanish question words, accented or not', () => {
    expect(analyze('¿Cuándo y dónde nació? Cuando nació', 'spanish')).toEqual(['nac', 'nac']);
    expect(analyze('¿Cuántos kilómetros?', 'spanish')).toEqual(['kilometr']);
  });

  it('drops Greek question words, with or without their accents', () => {
    expect(analyze('Πότε ιδρύθηκε η πόλη; Τι είναι; Γιατι;', 'greek')).toEqual(['ιδρυθ', 'πολ']);
    expect(analyze('ΠΟΣΑ έθνη', 'greek')).toEqual(['εθν']);
  });
});

/**
 * Normalisation of one lower-cased word, by script. Before stop words and stemming:
 * `normalizeScript` drops what writers add or leave out at will — Greek accents and diaeresis
 * and the final sigma (ς → σ, as Snowball's Greek stemmer reads them), Arabic short vowels,
 * shadda, sukun and the tatweel that stretches a word. After stemming: `foldLetters` folds Latin
 * accents and ligatures (so "cafe" finds "café") and Arabic letter variants that spelling
 * conventions swap (أ إ آ ٱ → ا, ى → ي, ة → ه). Folding waits for the stemmer because Snowball's
 * rules are written with the accents (French "-ées", Turkish "-ları", Arabic "ة").
 */

const greekPattern = /[\u0370-\u03ff\u1f00-\u1fff]/;
const arabicPattern = /[\u0600-\u06ff]/;
/** Harakat, tanwin, shadda, sukun, superscript alef and the tatweel. */
const arabicMarks = /[\u064b-\u065f\u0670\u0640]/g;

export function normalizeScript(word: string): string {
  if (!/[\u0370-\uffff]/.test(word)) return word;
  let out = word;
  if (greekPattern.test(out)) {
    out = out
      .normalize('NFD')
      .replace(/(\p{Script=Greek})\p{M}+/gu, '$1')
      .normalize('NFC')
      .replace(/ς/g, 'σ');
  }
  if (arabicPattern.test(out)) out = out.replace(arabicMarks, '');
  return out;
}

/** Ligatures and letters that Unicode decomposition leaves alone but readers type in ASCII. */
const latinLetters: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/** Latin accents and ligatures folded to ASCII; other scripts unchanged. */
export function foldLatin(word: string): string {
  if (!/[\u0080-\uffff]/.test(word)) return word;
  const folded = word
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .replace(/[ßæœøđłþı]/g, (letter) => latinLetters[letter] ?? letter)
    .normalize('NFC');
  // Compatibility decomposition can bring in separators ("½" → "1⁄2"); a term must stay one word.
  return /^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*$/u.test(folded) ? folded : word;
}

const arabicLetters: Record<string, string> = { أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ى: 'ي', ة: 'ه' };

/** After stemming: Latin folded, Arabic letter variants unified. */
export function foldLetters(word: string): string {
  const latin = foldLatin(word);
  return arabicPattern.test(latin)
    ? latin.replace(/[أإآٱىة]/g, (letter) => arabicLetters[letter] ?? letter)
    : latin;
}

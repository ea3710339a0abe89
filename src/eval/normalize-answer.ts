/**
 * The two normalisations answers are compared under.
 *
 * Facts: a fact must appear in the answer as a run of whole words after case folding (NFKC),
 * punctuation removal and whitespace collapsing — so "30 days" matches "30 Days." — while the
 * characters that carry meaning in numbers survive: decimal points ("2.5"), a leading minus,
 * currency signs and "%" (kept as their own tokens, so "$14" matches "$ 14" and "14 USD" does
 * not match "$14"); thousands separators are dropped ("1,000" = "1000"). No number words:
 * "thirty days" is not "30 days".
 *
 * Tokens: the SQuAD evaluation script's normalisation (lowercase, punctuation deleted, articles
 * a/an/the removed, whitespace split), so token F1 and exact match mean what they mean in papers.
 */

const thousandsSeparator = /(\d),(?=\d{3}(?!\d))/g;
const apostrophes = /['’ʼ`´]/g;
const punctuationOrSymbol = /[\p{P}\p{S}]/gu;
const currencyOrPercent = /[\p{Sc}%]/u;

export function normalizeForFacts(text: string): string {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(thousandsSeparator, '$1')
    .replace(apostrophes, '');
  const kept = folded.replace(punctuationOrSymbol, (char, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + 1] ?? '';
    if ((char === '.' || char === ',') && /\d/.test(before) && /\d/.test(after))
      return char === '.' ? '.' : ' ';
    if (char === '-' && /\d/.test(after) && (before === '' || /\s/.test(before))) return '-';
    if (currencyOrPercent.test(char)) return ` ${char} `;
    return ' ';
  });
  return kept.replace(/\s+/g, ' ').trim();
}

/** Whether `fact` occurs in `answer` as whole words under the fact normalisation. */
export function containsFact(answer: string, fact: string): boolean {
  const needle = normalizeForFacts(fact);
  if (needle === '') return true;
  return ` ${normalizeForFacts(answer)} `.includes(` ${needle} `);
}

export function normalizeForTokens(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(punctuationOrSymbol, '')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function tokenize(text: string): string[] {
  const normalized = normalizeForTokens(text);
  return normalized === '' ? [] : normalized.split(' ');
}

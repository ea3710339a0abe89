/**
 * The vocabulary of the tiny test models: SentencePiece-style ("▁" marks a word start), so
 * llama.cpp's "llama" tokenizer handles it, with byte fallback so any text encodes.
 */

/** GGUF token types (llama.cpp's llama_token_type). */
export const tokenTypes = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

export interface TinyToken {
  text: string;
  type: number;
  score: number;
  /** Whether free generation may emit it: only whole words, so random weights still read as text. */
  generated: boolean;
}

export const controlTokens = ['<s>', '</s>', '<|im_start|>', '<|im_end|>'] as const;

/** Common English words; generation draws only from these. */
export const defaultWords: readonly string[] = [
  'the of and to in is it that for on with as was are be at by this have from or one had not but',
  'what all were when we there can an your which their said if do will each about how up out them',
  'then she many some so these would other into has more her two like him see time could no make',
  'than first been its who now people my made over did down only way find use may water long little',
  'very after words called just where most know get through back much before go good new write our',
  'used me man too any day same right look think also around another came come work three must',
  'because does part even place well such here take why help put refund days customer order answer',
  'question yes',
]
  .join(' ')
  .split(' ');

/** Single characters so ordinary text encodes about one token a character rather than three bytes. */
const characters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;!?\'"{}[]()-_/'];

function byteToken(byte: number): string {
  return `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
}

/**
 * Builds the token list: `<unk>`, the control tokens, the 256 byte tokens, "▁" and single characters,
 * then the words. Scores rise with length so the tokenizer prefers whole words where it can reach them.
 */
export function buildTinyVocabulary(words: readonly string[] = defaultWords): TinyToken[] {
  const tokens: TinyToken[] = [{ text: '<unk>', type: tokenTypes.unknown, score: 0, generated: false }];
  for (const text of controlTokens)
    tokens.push({ text, type: tokenTypes.control, score: 0, generated: false });
  for (let byte = 0; byte < 256; byte++) {
    tokens.push({ text: byteToken(byte), type: tokenTypes.byte, score: 0, generated: false });
  }
  const seen = new Set(tokens.map((token) => token.text));
  const add = (text: string, generated: boolean): void => {
    if (seen.has(text)) return;
    seen.add(text);
    tokens.push({ text, type: tokenTypes.normal, score: -1000 + text.length, generated });
  };
  add('▁', false);
  for (const character of characters) add(character, false);
  for (const word of words) add(`▁${word}`, true);
  return tokens;
}

/**
 * A fast token-count estimate for budgeting (chunk sizes, context packing) when no model
 * tokenizer is at hand. It follows the shape of GPT-style pre-tokenisation — words,
 * numbers and punctuation are separate pieces, long words split into ~4-character pieces —
 * which tracks cl100k counts on English prose within about ±10%. Providers with a real
 * tokenizer (llama-cpp) pass their own `TokenCounter`.
 */
const piecePattern = /[\p{L}\p{M}]+|\p{N}{1,3}|[^\s\p{L}\p{M}\p{N}]/gu;

export type TokenCounter = (text: string) => number;

export const estimateTokens: TokenCounter = (text) => {
  let count = 0;
  for (const match of text.matchAll(piecePattern)) {
    const length = match[0].length;
    count += length <= 6 ? 1 : Math.ceil(length / 4);
  }
  return count;
};

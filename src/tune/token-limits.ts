/**
 * Training context limits per model family. Hosted engines truncate or reject examples over
 * their limit; local training truncates silently, which cuts off the very answer the model
 * should learn. Limits are the engines' documented per-example training limits where they
 * publish one, else the family's context window.
 */
export interface TokenLimit {
  maxTokens: number;
  /** Why this number: shown in the data card. */
  basis: string;
}

const families: { pattern: RegExp; limit: TokenLimit }[] = [
  {
    pattern: /gpt-4\.1/i,
    limit: { maxTokens: 65_536, basis: 'OpenAI fine-tuning example limit for gpt-4.1 models' },
  },
  {
    pattern: /gpt-4o/i,
    limit: { maxTokens: 65_536, basis: 'OpenAI fine-tuning example limit for gpt-4o models' },
  },
  {
    pattern: /gpt-3\.5/i,
    limit: { maxTokens: 16_385, basis: 'OpenAI fine-tuning example limit for gpt-3.5-turbo' },
  },
  {
    pattern: /llama[-_ ]?3\.[123]/i,
    limit: { maxTokens: 8_192, basis: 'typical hosted LoRA training length for Llama 3.x' },
  },
  { pattern: /llama[-_ ]?3/i, limit: { maxTokens: 8_192, basis: 'Llama 3 context window' } },
  { pattern: /llama[-_ ]?2/i, limit: { maxTokens: 4_096, basis: 'Llama 2 context window' } },
  {
    pattern: /mistral|mixtral/i,
    limit: { maxTokens: 8_192, basis: 'typical hosted LoRA training length for Mistral models' },
  },
  {
    pattern: /qwen/i,
    limit: { maxTokens: 8_192, basis: 'typical hosted LoRA training length for Qwen models' },
  },
  { pattern: /gemma/i, limit: { maxTokens: 8_192, basis: 'Gemma context window' } },
  { pattern: /phi/i, limit: { maxTokens: 4_096, basis: 'Phi context window' } },
];

export const DEFAULT_TOKEN_LIMIT: TokenLimit = {
  maxTokens: 4_096,
  basis: 'default (model family unknown); set --max-tokens to the model’s training length',
};

export function tokenLimitFor(model: string | undefined): TokenLimit {
  if (model === undefined) return DEFAULT_TOKEN_LIMIT;
  return families.find((family) => family.pattern.test(model))?.limit ?? DEFAULT_TOKEN_LIMIT;
}

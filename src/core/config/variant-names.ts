/**
 * The eval variants in their report order. A file of its own, without zod, so that the stages
 * that only need the names (decide, and through it `knowhow advise`) do not build the config
 * schema at start-up.
 */
export const variantNames = [
  'prompt',
  'few-shot',
  'rag',
  'oracle',
  'tuned',
  'hybrid',
  'long-context',
] as const;

import type { ConstraintsConfig } from '../core/config/schema.js';
import type { VariantName } from '../core/eval-types.js';

/** What `diagnose` and `advise` recommend. */
export type Architecture = 'prompting' | 'rag' | 'fine-tuning' | 'hybrid';

/**
 * Start-simple order: each step costs more to build and run than the one before, so a tie
 * (or a near-tie) goes to the earlier one.
 */
export const architectures: readonly Architecture[] = ['prompting', 'rag', 'fine-tuning', 'hybrid'];

export const architectureLabels: Record<Architecture, string> = {
  prompting: 'prompting',
  rag: 'RAG',
  'fine-tuning': 'fine-tuning',
  hybrid: 'hybrid',
};

/**
 * The eval variants that measure each architecture, best first. Prompting ships the few-shot
 * prompt when it was measured, because that is the prompt a team would ship.
 */
export const architectureVariants: Record<Architecture, readonly VariantName[]> = {
  prompting: ['few-shot', 'prompt'],
  rag: ['rag'],
  'fine-tuning': ['tuned'],
  hybrid: ['hybrid'],
};

export type KnowledgeChanges = ConstraintsConfig['knowledgeChanges'];

/**
 * Training runs a year that keep a fine-tuned model's facts current. `realtime` is counted as
 * daily: no retraining schedule keeps up with it (the decision matrix weighs that separately);
 * `stable` still needs the first run, amortised over one year.
 */
export const retrainsPerYear: Record<KnowledgeChanges, number> = {
  realtime: 365,
  daily: 365,
  weekly: 52,
  monthly: 12,
  quarterly: 4,
  stable: 1,
};

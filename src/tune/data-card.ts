import type { CollectedExamples } from './collect-training-examples.js';
import { describeSource } from './find-near-duplicates.js';
import type { TokenLimit } from './token-limits.js';
import type { DroppedExample, DropReason, TrainingExample } from './training-types.js';

/** DESIGN.md: under ~1,000 clean examples, invest in prompting and RAG first. */
export const MIN_RECOMMENDED_EXAMPLES = 1000;

export interface TokenStats {
  examples: number;
  total: number;
  min: number;
  median: number;
  p95: number;
  max: number;
  mean: number;
}

export interface DataCard {
  datasetId: string;
  datasetHash: string;
  createdAt: string;
  baseModel: string;
  chatTemplate: { name: string; sha256: string };
  systemPrompt: string | null;
  hybrid: boolean;
  tokenLimit: TokenLimit;
  /** How tokens were counted: a real tokenizer, or a stated estimate. */
  tokenCounter: string;
  counts: {
    candidates: number;
    clean: number;
    train: number;
    validation: number;
    dropped: number;
    droppedByReason: Partial<Record<DropReason, number>>;
  };
  sources: CollectedExamples['notes'];
  tokens: { train: TokenStats; validation: TokenStats };
  tags: Record<string, { train: number; validation: number }>;
  /**
   * Restricted data by access group: candidates drawn from it, trained on (named by
   * --include-groups), left out. Public data is not listed.
   */
  groups: Record<string, { candidates: number; trained: number; leftOut: number }>;
  /** The groups the trained examples came from: who may be offered the tuned model. */
  dataGroups: string[];
  dropped: (DroppedExample & { source: DroppedExample['source'] })[];
  warnings: string[];
}

export function summarizeTokens(counts: readonly number[]): TokenStats {
  const sorted = [...counts].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    examples: sorted.length,
    total,
    min: sorted[0] ?? 0,
    median: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.length === 0 ? 0 : Math.round(total / sorted.length),
  };
}

export function countTags(
  train: readonly TrainingExample[],
  validation: readonly TrainingExample[],
): DataCard['tags'] {
  const tags: DataCard['tags'] = {};
  const add = (example: TrainingExample, side: 'train' | 'validation') => {
    for (const tag of example.tags.length > 0 ? example.tags : ['(untagged)']) {
      tags[tag] ??= { train: 0, validation: 0 };
      tags[tag][side]++;
    }
  };
  for (const example of train) add(example, 'train');
  for (const example of validation) add(example, 'validation');
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)));
}

export function smallDatasetWarning(clean: number): string | undefined {
  if (clean >= MIN_RECOMMENDED_EXAMPLES) return undefined;
  return (
    `Only ${clean} clean example(s), under ~${MIN_RECOMMENDED_EXAMPLES.toLocaleString('en-US')}: ` +
    'invest in prompting and RAG first (DESIGN.md, decision matrix). With this little data a fine-tune ' +
    'mostly memorises the examples and rarely beats a better prompt or better retrieval; ' +
    'collect more accepted answers with `knowhow serve` feedback before training.'
  );
}

export function renderDataCardMarkdown(card: DataCard): string {
  const lines: string[] = [];
  lines.push(`# Data card — ${card.datasetId}`, '');
  lines.push(`- Created: ${card.createdAt}`);
  lines.push(`- Dataset hash (sha256 of train.jsonl + validation.jsonl): \`${card.datasetHash}\``);
  lines.push(`- Base model: ${card.baseModel}`);
  lines.push(`- Chat template: ${card.chatTemplate.name} (sha256 ${card.chatTemplate.sha256.slice(0, 12)}…)`);
  lines.push(`- Hybrid (retrieved context in every example): ${card.hybrid ? 'yes' : 'no'}`);
  lines.push(
    `- System prompt: ${card.systemPrompt === null ? 'knowhow default' : JSON.stringify(card.systemPrompt)}`,
  );
  lines.push(`- Token limit per example: ${card.tokenLimit.maxTokens} (${card.tokenLimit.basis})`);
  lines.push(`- Token counts: ${card.tokenCounter}`, '');
  if (card.warnings.length > 0) {
    lines.push('## Warnings', '');
    for (const warning of card.warnings) lines.push(`- ${warning}`);
    lines.push('');
  }
  lines.push('## Counts', '');
  lines.push('| | examples |', '| --- | ---: |');
  lines.push(`| candidates | ${card.counts.candidates} |`);
  lines.push(`| clean | ${card.counts.clean} |`);
  lines.push(`| train | ${card.counts.train} |`);
  lines.push(`| validation | ${card.counts.validation} |`);
  lines.push(`| dropped | ${card.counts.dropped} |`, '');
  const s = card.sources;
  lines.push('## Sources', '');
  lines.push(`- Cases (split: train) with a reference answer: ${s.casesUsed}`);
  lines.push(`- Eval cases held out (leakage reference, never trained on): ${s.casesHeldOut}`);
  lines.push(`- Train cases without a reference answer (skipped): ${s.casesWithoutAnswer}`);
  lines.push(
    `- Feedback entries accepted or corrected: ${s.feedbackUsed}; rejected without correction (skipped): ${s.feedbackRejected}`,
  );
  lines.push(
    `- Feedback not yet reviewed (skipped unless --include-unreviewed): ${s.feedbackUnreviewed}; rejected by a reviewer: ${s.feedbackRejectedByReviewer}`,
  );
  lines.push(`- Few-shot examples: ${s.fewShotUsed}`);
  if (s.citationMarkersRemoved > 0) {
    lines.push(
      `- Citation markers removed from ${s.citationMarkersRemoved} answer(s): without passages a [n] cites nothing`,
    );
  }
  if (s.restrictedContext > 0) {
    lines.push(
      `- ${s.restrictedContext} example(s) include non-public passages: the tuned weights may reveal them to any reader`,
    );
  }
  lines.push('');
  lines.push('## Tokens per example', '');
  lines.push(
    '| split | examples | total | min | median | p95 | max | mean |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [name, stats] of Object.entries(card.tokens)) {
    lines.push(
      `| ${name} | ${stats.examples} | ${stats.total} | ${stats.min} | ${stats.median} | ${stats.p95} | ${stats.max} | ${stats.mean} |`,
    );
  }
  lines.push('', '## Access groups', '');
  if (Object.keys(card.groups).length === 0) lines.push('All examples come from public data.');
  else {
    lines.push('| group | candidates | trained | left out |', '| --- | ---: | ---: | ---: |');
    for (const [group, count] of Object.entries(card.groups))
      lines.push(`| ${group} | ${count.candidates} | ${count.trained} | ${count.leftOut} |`);
    lines.push(
      '',
      card.dataGroups.length === 0
        ? 'The trained examples are all public: any key may be offered the tuned model.'
        : `The trained examples include data of ${card.dataGroups.join(', ')}: serve offers the tuned model only to keys that may read all of them.`,
    );
  }
  lines.push('', '## Tags', '', '| tag | train | validation |', '| --- | ---: | ---: |');
  for (const [tag, count] of Object.entries(card.tags))
    lines.push(`| ${tag} | ${count.train} | ${count.validation} |`);
  lines.push('', '## Dropped', '');
  if (card.dropped.length === 0) lines.push('Nothing was dropped.');
  else {
    const reasons = Object.entries(card.counts.droppedByReason).map(([reason, n]) => `${reason}: ${n}`);
    lines.push(`By reason — ${reasons.join(', ')}`, '');
    for (const drop of card.dropped) {
      lines.push(`- example ${drop.index} (${describeSource(drop.source)}) — ${drop.reason}: ${drop.detail}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

import { hashText } from '../core/text/hash.js';
import type { TrainingExample } from './training-types.js';

/**
 * Stratified train/validation split: each stratum (the example's first tag, or its source kind
 * when untagged) gives the same share to validation, so a rare tag is not left out of either
 * side. Order within a stratum is by content hash: the same data always splits the same way.
 */
export interface SplitOptions {
  /** Share of examples held out for validation, 0–0.5. */
  validationShare: number;
}

export interface SplitResult {
  train: TrainingExample[];
  validation: TrainingExample[];
}

export function stratumOf(example: TrainingExample): string {
  return example.tags[0] ?? `source:${example.source.kind}`;
}

export function splitDataset(examples: readonly TrainingExample[], options: SplitOptions): SplitResult {
  const share = Math.min(0.5, Math.max(0, options.validationShare));
  const strata = new Map<string, TrainingExample[]>();
  for (const example of examples) {
    const key = stratumOf(example);
    const list = strata.get(key);
    if (list) list.push(example);
    else strata.set(key, [example]);
  }
  const validationIndexes = new Set<number>();
  // Largest-remainder allocation: per-stratum quotas sum to round(share × total) overall.
  const total = Math.round(examples.length * share);
  const quotas = [...strata.entries()].map(([key, list]) => {
    const exact = list.length * share;
    return { key, list, quota: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let assigned = quotas.reduce((sum, entry) => sum + entry.quota, 0);
  for (const entry of [...quotas].sort((a, b) => b.remainder - a.remainder || a.key.localeCompare(b.key))) {
    if (assigned >= total) break;
    // Never move a stratum's only example out of training.
    if (entry.quota < entry.list.length - 1) {
      entry.quota++;
      assigned++;
    }
  }
  for (const { list, quota } of quotas) {
    const ordered = [...list].sort((a, b) =>
      hashText(JSON.stringify(a.messages)).localeCompare(hashText(JSON.stringify(b.messages))),
    );
    for (const example of ordered.slice(0, Math.min(quota, list.length - 1)))
      validationIndexes.add(example.index);
  }
  return {
    train: examples.filter((example) => !validationIndexes.has(example.index)),
    validation: examples.filter((example) => validationIndexes.has(example.index)),
  };
}

import type { TestCase } from '../../core/case-types.js';
import type { Progress } from '../../core/progress.js';
import type { Chunk } from '../../core/types.js';
import type { LanguageModel } from '../../providers/spec.js';
import { checkDraft, type DraftRejection } from './check-draft.js';
import { draftExtractive, type ExtractiveDraft } from './draft-extractive.js';
import type { CaseDraft } from './draft-types.js';
import { draftWithModel } from './draft-with-model.js';
import { samplePassages } from './sample-passages.js';

export interface DraftCasesOptions {
  documents: ReadonlyMap<string, readonly Chunk[]>;
  count: number;
  /** A model in JSON-schema mode, or undefined for the extractive drafter. */
  model?: LanguageModel;
  /** Existing cases (and drafts): drafts near-duplicating them are rejected. */
  existing: readonly Pick<TestCase, 'id' | 'question'>[];
  tags?: string[];
  progress?: Progress;
  signal?: AbortSignal;
}

export interface DraftCasesResult {
  drafter: string;
  drafts: CaseDraft[];
  rejected: {
    passage: string;
    question?: string;
    reason: DraftRejection['reason'] | 'no-draft';
    detail: string;
  }[];
  /** Passages tried (each gave a draft, no draft, or a rejected draft). */
  passages: number;
}

/** Drafts up to `count` cases from passages spread over the documents; one failed draft never stops the rest. */
export async function draftCases(options: DraftCasesOptions): Promise<DraftCasesResult> {
  const { model } = options;
  const drafter = model ? `model:${model.provider}/${model.modelId}` : 'extractive';
  // Passages in stratified order are tried until enough drafts are kept: some give no draft or a
  // rejected one. A model is asked at most 3 times per wanted draft, so a bad run's cost is bounded.
  const available = [...options.documents.values()].reduce((total, chunks) => total + chunks.length, 0);
  const passages = samplePassages({
    documents: options.documents,
    count: model ? Math.min(available, options.count * 3) : available,
  });
  const existing = [...options.existing];
  const drafts: CaseDraft[] = [];
  const rejected: DraftCasesResult['rejected'] = [];
  const usedIds = new Set(existing.map((testCase) => testCase.id));
  options.progress?.setTotal(passages.length);
  let tried = 0;
  for (const passage of passages) {
    if (drafts.length >= options.count) break;
    tried += 1;
    options.signal?.throwIfAborted();
    options.progress?.tick(1, passage.id);
    const made = await draftOne(passage, model, options.signal);
    if ('error' in made) {
      rejected.push({ passage: passage.id, reason: 'no-draft', detail: made.error });
      continue;
    }
    const draft: CaseDraft = {
      id: uniqueId(passage, usedIds),
      question: made.draft.question,
      answer: made.draft.answer,
      facts: made.draft.facts,
      sources: [passage.documentId],
      user: { groups: [...passage.groups] },
      tags: [...new Set([...(options.tags ?? []), 'drafted'])],
      status: 'draft',
      drafter,
      passage: passage.id,
    };
    const rejection = checkDraft({ draft, passage, existing });
    if (rejection) {
      rejected.push({ passage: passage.id, question: draft.question, ...rejection });
      continue;
    }
    usedIds.add(draft.id);
    existing.push(draft);
    drafts.push(draft);
  }
  return { drafter, drafts, rejected, passages: tried };
}

async function draftOne(
  passage: Chunk,
  model: LanguageModel | undefined,
  signal: AbortSignal | undefined,
): Promise<{ draft: ExtractiveDraft } | { error: string }> {
  if (!model) {
    const draft = draftExtractive(passage);
    return draft ? { draft } : { error: 'no sentence with a figure to ask about' };
  }
  try {
    return await draftWithModel({ model, passage, ...(signal ? { signal } : {}) });
  } catch (error) {
    return { error: `the model call failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function uniqueId(passage: Chunk, used: Set<string>): string {
  const base =
    `draft-${passage.documentId.replace(/\.[a-z]+$/i, '').replace(/[^a-z0-9]+/gi, '-')}-${passage.index}`.toLowerCase();
  let id = base;
  for (let suffix = 2; used.has(id); suffix += 1) id = `${base}-${suffix}`;
  return id;
}

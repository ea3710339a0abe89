import type { FewShotExample, TestCase } from '../core/case-types.js';
import { type FeedbackEntry, reviewStatusOf } from '../core/feedback-types.js';
import { parseCitationMarkers, stripCitationMarkers } from '../core/text/citation-markers.js';
import type { TokenCounter } from '../core/text/count-tokens.js';
import { PUBLIC_GROUP, restrictedGroups, type SearchHit } from '../core/types.js';
import { formatInstructionFor } from '../eval/format-instruction.js';
import { buildPrompt } from '../generate/build-prompt.js';
import { packContext } from '../generate/pack-context.js';
import { feedbackGroupsOf } from './feedback-review.js';
import { trainingAnswerOf } from './read-feedback-log.js';
import type { DroppedExample, TrainingExample, TrainingSource } from './training-types.js';

/**
 * Turns the three sources of training data into chat examples, prompted exactly as the eval and
 * `serve` prompt the model (same system prompt, same format instructions, and for hybrid
 * training the retrieved passages packed and rendered as RAG does), so that the tuned model
 * learns the very prompt shape it will be served with.
 */

export interface HybridContext {
  /** Retrieval as RAG does it, as a reader in `groups`. */
  retrieve(question: string, groups: string[]): Promise<SearchHit[]>;
  /** Tokens available for passages (the served model's window minus answer and prompt reserve). */
  budgetTokens: number;
  countTokens: TokenCounter;
}

export interface CollectTrainingExamplesOptions {
  cases: TestCase[];
  feedback: FeedbackEntry[];
  examples: FewShotExample[];
  systemPrompt?: string;
  hybrid?: HybridContext;
  /** Take feedback nobody reviewed yet (`tune prepare --include-unreviewed`); rejected feedback never. */
  includeUnreviewed?: boolean;
  /**
   * Groups whose restricted data may be trained on (`--include-groups`). An example drawn from
   * data of other groups is left out: a tuned model answers every reader the same way.
   */
  includeGroups?: readonly string[];
  /** Groups of the chunks that feedback answers cited (chunk id → groups), when the index is at hand. */
  chunkGroups?: ReadonlyMap<string, readonly string[]>;
}

export interface CollectedExamples {
  examples: TrainingExample[];
  dropped: DroppedExample[];
  /** Counts of what was read and why some inputs were not used at all (not errors). */
  notes: {
    casesUsed: number;
    casesHeldOut: number;
    casesWithoutAnswer: number;
    feedbackUsed: number;
    feedbackRejected: number;
    /** Feedback left out because no reviewer approved it yet. */
    feedbackUnreviewed: number;
    /** Feedback a reviewer rejected. */
    feedbackRejectedByReviewer: number;
    fewShotUsed: number;
    citationMarkersRemoved: number;
    restrictedContext: number;
  };
}

interface Candidate {
  question: string;
  formatInstruction?: (hasContext: boolean) => string | undefined;
  answer: string;
  groups: string[];
  /** Document groups the answer may draw on (besides passages retrieved for hybrid training). */
  restricted: string[];
  tags: string[];
  source: TrainingSource;
}

export async function collectTrainingExamples(
  options: CollectTrainingExamplesOptions,
): Promise<CollectedExamples> {
  const notes: CollectedExamples['notes'] = {
    casesUsed: 0,
    casesHeldOut: 0,
    casesWithoutAnswer: 0,
    feedbackUsed: 0,
    feedbackRejected: 0,
    feedbackUnreviewed: 0,
    feedbackRejectedByReviewer: 0,
    fewShotUsed: 0,
    citationMarkersRemoved: 0,
    restrictedContext: 0,
  };
  const candidates: Candidate[] = [];
  for (const testCase of options.cases) {
    if (testCase.split !== 'train') {
      notes.casesHeldOut++;
      continue;
    }
    if (testCase.answer === undefined || testCase.answer.trim() === '') {
      notes.casesWithoutAnswer++;
      continue;
    }
    notes.casesUsed++;
    candidates.push({
      question: testCase.question,
      formatInstruction: (hasContext) => formatInstructionFor(testCase.format, { hasContext }),
      answer: testCase.answer,
      groups: testCase.user.groups,
      restricted: restrictedGroups(testCase.user.groups),
      tags: testCase.tags,
      source: { kind: 'case', ref: testCase.id, file: testCase.origin.file, line: testCase.origin.line },
    });
  }
  for (const entry of options.feedback) {
    const status = reviewStatusOf(entry);
    if (status === 'rejected') {
      notes.feedbackRejectedByReviewer++;
      continue;
    }
    if (status === 'unreviewed' && !options.includeUnreviewed) {
      notes.feedbackUnreviewed++;
      continue;
    }
    const answer = trainingAnswerOf(entry);
    if (answer === undefined) {
      notes.feedbackRejected++;
      continue;
    }
    notes.feedbackUsed++;
    candidates.push({
      question: entry.question,
      answer,
      groups: entry.groups.length > 0 ? entry.groups : [PUBLIC_GROUP],
      restricted: [
        ...new Set([
          ...feedbackGroupsOf(entry),
          ...(entry.citedChunkIds ?? []).flatMap((id) => chunkRestriction(options.chunkGroups?.get(id))),
        ]),
      ].sort(),
      tags: ['feedback', ...(entry.architecture ? [entry.architecture] : [])],
      source: { kind: 'feedback', ref: entry.id },
    });
  }
  for (const example of options.examples) {
    notes.fewShotUsed++;
    candidates.push({
      question: example.question,
      answer: example.answer,
      groups: [PUBLIC_GROUP],
      restricted: [],
      tags: example.tags,
      source: {
        kind: 'example',
        ref: `${example.origin.file}:${example.origin.line}`,
        file: example.origin.file,
        line: example.origin.line,
      },
    });
  }

  const examples: TrainingExample[] = [];
  const dropped: DroppedExample[] = [];
  const included = new Set(restrictedGroups(options.includeGroups ?? []));
  for (const [index, candidate] of candidates.entries()) {
    let answer = candidate.answer;
    let passages: ReturnType<typeof packContext>['passages'] = [];
    let groups = candidate.restricted;
    if (options.hybrid) {
      const hits = await options.hybrid.retrieve(candidate.question, candidate.groups);
      passages = packContext({
        hits,
        budgetTokens: Math.max(
          0,
          options.hybrid.budgetTokens - options.hybrid.countTokens(candidate.question),
        ),
        countTokens: options.hybrid.countTokens,
      }).passages;
      if (passages.length === 0) {
        dropped.push({
          index,
          source: candidate.source,
          reason: 'no-context',
          detail: 'retrieval found no passage for this question, so it cannot teach answering from context',
        });
        continue;
      }
      const missing = parseCitationMarkers(answer).filter((marker) => marker > passages.length);
      if (missing.length > 0) {
        dropped.push({
          index,
          source: candidate.source,
          reason: 'cites-missing-passage',
          detail: `the answer cites ${missing.map((n) => `[${n}]`).join('')} but retrieval gave only ${passages.length} passage(s)`,
        });
        continue;
      }
      groups = [
        ...new Set([...groups, ...passages.flatMap((passage) => chunkRestriction(passage.chunk.groups))]),
      ].sort();
      if (passages.some((passage) => !passage.chunk.groups.includes(PUBLIC_GROUP))) notes.restrictedContext++;
    } else if (parseCitationMarkers(answer).length > 0) {
      // Without passages a marker points at nothing: training on it teaches invented citations.
      answer = stripCitationMarkers(answer).trim();
      notes.citationMarkersRemoved++;
    }
    const outside = groups.filter((group) => !included.has(group));
    if (outside.length > 0) {
      dropped.push({
        index,
        source: candidate.source,
        reason: 'restricted-groups',
        detail: `drawn from data restricted to ${groups.join(', ')}; pass --include-groups ${groups.join(',')} to train on it (only keys that may read all of ${groups.join(', ')} will be offered the tuned model)`,
        groups,
      });
      continue;
    }
    const formatInstruction = candidate.formatInstruction?.(passages.length > 0);
    const messages = buildPrompt({
      question: candidate.question,
      ...(options.systemPrompt === undefined ? {} : { systemPrompt: options.systemPrompt }),
      ...(formatInstruction ? { formatInstruction } : {}),
      passages,
    });
    examples.push({
      index,
      messages: [...messages, { role: 'assistant', content: answer }],
      source: candidate.source,
      tags: candidate.tags,
      question: candidate.question,
      groups,
    });
  }
  return { examples, dropped, notes };
}

/** A chunk restricts an example unless everyone may read it: its groups, or none when public. */
function chunkRestriction(groups: readonly string[] | undefined): string[] {
  if (groups === undefined || groups.includes(PUBLIC_GROUP)) return [];
  return restrictedGroups(groups);
}

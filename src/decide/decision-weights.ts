import type { ConstraintsConfig } from '../core/config/schema.js';
import type { Architecture, KnowledgeChanges } from './architecture.js';

/**
 * Every weight of the decision matrix, in one place. A reason adds its weight to each
 * architecture it favours; the highest total wins among the architectures no constraint rules
 * out, and a near-tie goes to the simpler one (start-simple order). Weights are points, not
 * probabilities: what matters is how they compare. Measured evidence dominates, because it is
 * the team's own cases; a guessed failure mode counts for less.
 */
export const decisionWeights = {
  /**
   * × share of failing cases that architecture alone fixes: prompting-fixes → prompting, knowledge
   * gaps without a behaviour gap → rag, behaviour gaps without a knowledge gap → fine-tuning,
   * both in one case → hybrid only.
   */
  measuredEvidence: 10,
  /** Content wrong even with the gold documents: fine-tuning helps less surely than a stronger model. */
  reasoningGapFactor: 0.5,
  /**
   * Knowledge and behaviour gaps each reach this share of failing cases (or cases with both do):
   * hybrid gets credit for every case it fixes, not only those with both gaps.
   */
  bothGapsThreshold: 0.2,
  /** Start simple: few-shot already fixes at least this share of failing cases. */
  promptingFixesMostThreshold: 0.5,
  promptingFixesMost: 6,
  /** Every case passes under the plain prompt: nothing to build. */
  nothingFails: 12,
  /** The variant with the best measured pass rate (oracle excluded: it cannot ship). */
  bestMeasuredVariant: 3,
  /**
   * An extractive answer model measures retrieval only: gold sources found in the top k (mean
   * recall@k at or above `retrievalWorksRecall`) say RAG can deliver the facts — the same weight
   * as the best measured variant, since it is evidence about retrieval, not about the team's model.
   */
  retrievalWorks: 3,
  retrievalWorksRecall: 0.5,
  /** A guessed failure mode (advise, or diagnose without cases). */
  guessedFailureMode: 6,

  /**
   * Frequent change favours retrieval: a tuned model needs a retrain per change; the index
   * re-ingests. Counts only while facts are missing: without a knowledge gap there is nothing to keep current.
   */
  knowledgeChanges: {
    realtime: 5,
    daily: 4,
    weekly: 3,
    monthly: 1.5,
    quarterly: 0.5,
    stable: 0,
  } satisfies Record<KnowledgeChanges, number>,

  /** Retrieval adds an embedding call, a search and a longer prompt. */
  lowLatencyMs: 200,
  lowLatency: 4,
  moderateLatencyMs: 1000,
  moderateLatency: 1.5,
  /** A measured p95 over the target counts against that architecture. */
  measuredLatencyOverTarget: 4,

  /** Stuffed context costs per token per query; a tuned small model's cost is mostly fixed. */
  highVolumeQueriesPerDay: 100_000,
  highVolume: 2,
  veryHighVolumeQueriesPerDay: 1_000_000,
  veryHighVolume: 3,
  /** The cheapest architecture at the configured volume (from the cost model). */
  cheapestAtVolume: 3,
  /** Architectures within the monthly budget when others are over it. */
  withinBudget: 5,
  /** No money for training runs (or a run costs more than the budget). */
  noTrainingBudget: 5,

  /** DESIGN.md: under ~1,000 clean examples, invest in prompting and RAG first. */
  fewExamplesThreshold: 1000,
  fewExamples: 4,
  veryFewExamplesThreshold: 100,
  veryFewExamples: 6,
  enoughExamples: 2,

  /** Only retrieved passages can be cited; a fine-tuned model cannot point at its sources. */
  citationsNeeded: 4,
  /** Facts trained into weights are visible to every user; retrieval filters per user inside the query. */
  accessControlNeeded: 5,

  /** A simpler architecture within this many points of the best is chosen instead. */
  startSimpleMargin: 1,
  /** Under this many cases, shares are too uncertain to trust without a warning. */
  smallSampleCases: 30,
} as const;

interface WeightedFavour {
  favours: Architecture[];
  weight: number;
  why: string;
  /** Counts only while facts are missing (measured knowledge gaps, or a guess other than wrong behaviour). */
  whenFactsMissing?: boolean;
}

/** What each task type leans towards, and why. */
export const taskTypeWeights: Record<ConstraintsConfig['taskType'], WeightedFavour[]> = {
  'question-answering': [
    {
      favours: ['rag'],
      weight: 2,
      why: 'answers depend on facts that retrieval can supply',
      whenFactsMissing: true,
    },
    { favours: ['hybrid'], weight: 1, why: 'a house answer style on top of retrieved facts' },
  ],
  search: [{ favours: ['rag'], weight: 3, why: 'search is retrieval: the ranked passages are the answer' }],
  'document-synthesis': [
    {
      favours: ['rag'],
      weight: 2,
      why: 'synthesis needs the source documents in context',
      whenFactsMissing: true,
    },
    { favours: ['hybrid'], weight: 1, why: 'a fixed report structure is behaviour a tuned model learns' },
  ],
  classification: [
    { favours: ['prompting'], weight: 1, why: 'a fixed label set is often solved by a few examples' },
    { favours: ['fine-tuning'], weight: 2, why: 'a small tuned classifier is fast and cheap per query' },
  ],
  extraction: [
    { favours: ['prompting'], weight: 1, why: 'a JSON schema and a few examples often suffice' },
    { favours: ['fine-tuning'], weight: 2, why: 'consistent field extraction is learned behaviour' },
  ],
  'format-compliance': [
    { favours: ['prompting'], weight: 1, why: 'structured output and examples fix many format failures' },
    { favours: ['fine-tuning'], weight: 3, why: 'a format that prompting cannot hold is behaviour to train' },
  ],
  'tone-persona': [
    { favours: ['prompting'], weight: 1, why: 'a persona prompt is the first thing to try' },
    {
      favours: ['fine-tuning'],
      weight: 3,
      why: 'tone and persona are behaviour, which fine-tuning teaches best',
    },
  ],
  'code-house-style': [
    { favours: ['fine-tuning'], weight: 3, why: 'a house coding style is behaviour learned from examples' },
    { favours: ['hybrid'], weight: 1, why: 'the codebase itself is knowledge retrieval can supply' },
  ],
};

/** What the team can build and run. */
export const teamSkillWeights: Record<ConstraintsConfig['teamSkills'], WeightedFavour[]> = {
  neither: [
    {
      favours: ['prompting'],
      weight: 3,
      why: 'prompting needs neither data engineering nor ML ops',
    },
    {
      favours: ['rag'],
      weight: 1,
      why: "knowhow's embedded index needs little data engineering, and fine-tuning needs ML ops the team lacks",
    },
  ],
  'data-engineering': [
    {
      favours: ['prompting', 'rag'],
      weight: 2,
      why: 'without ML ops, self-hosted fine-tuning (training jobs, GPU serving, retrains) is out of reach',
    },
    { favours: ['rag'], weight: 1, why: 'ingestion pipelines are data engineering', whenFactsMissing: true },
  ],
  'ml-ops': [
    { favours: ['fine-tuning'], weight: 2, why: 'the team can run training jobs and serve a tuned model' },
    { favours: ['hybrid'], weight: 1, why: 'a tuned model is within reach; retrieval adds pipelines to own' },
  ],
  both: [
    { favours: ['hybrid'], weight: 2, why: 'the team can own both an index and a tuned model' },
    { favours: ['rag', 'fine-tuning'], weight: 1, why: 'either single architecture is within reach' },
  ],
};

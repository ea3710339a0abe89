import type { ConstraintsConfig } from '../core/config/schema.js';
import type { VariantName } from '../core/eval-types.js';
import { formatCount, formatDecimal } from '../core/text/format-number.js';
import {
  type Architecture,
  architectureLabels,
  architectures,
  architectureVariants,
  retrainsPerYear,
} from './architecture.js';
import type { LongContextAssessment } from './assess-long-context.js';
import type { AttributionSummary } from './attribute-failures.js';
import type { CostProjection } from './cost-model.js';
import { taskTypeWeights, teamSkillWeights, decisionWeights as W } from './decision-weights.js';
import type { VariantSummary } from './summarize-variants.js';

/**
 * The decision matrix: one engine behind `advise` (answers to questions) and `diagnose` (the
 * measured failure distribution in place of the guessed failure mode). Every reason carries the
 * number behind it where there is one, and its weight; the weights live in decision-weights.ts.
 */
export type FailureMode = 'missing-facts' | 'wrong-behaviour' | 'both' | 'unknown';
export const failureModes: readonly FailureMode[] = ['missing-facts', 'wrong-behaviour', 'both', 'unknown'];

export interface MeasuredEvidence {
  attribution: AttributionSummary;
  variants?: readonly VariantSummary[];
  costs?: CostProjection;
  /** The context budget and the long-context variant against rag (assess-long-context.ts). */
  longContext?: LongContextAssessment | null;
}

export interface DecisionInput {
  constraints: ConstraintsConfig;
  /** The team's guess; ignored when `measured` holds attributed cases. */
  failureMode: FailureMode;
  measured?: MeasuredEvidence;
}

export type DecisionFactor =
  | 'measured-failures'
  | 'failure-mode'
  | 'knowledge-changes'
  | 'task-type'
  | 'latency'
  | 'query-volume'
  | 'cost'
  | 'budget'
  | 'team-skills'
  | 'training-examples'
  | 'citations'
  | 'access-control';

export interface Reason {
  factor: DecisionFactor;
  statement: string;
  /** The number the statement rests on, as printed (e.g. "62% (18/29)", "52 retrains/year"). */
  number?: string;
  /** Points added to each favoured architecture's score. */
  weight: number;
  favours: Architecture[];
}

/** An architecture a hard constraint rules out (or defers), whatever its score. */
export interface Exclusion {
  architecture: Architecture;
  factor: DecisionFactor;
  why: string;
}

export interface Recommendation {
  architecture: Architecture;
  /** measured: from attributed test cases; guessed: from the failure mode the team gave. */
  basis: 'measured' | 'guessed';
  scores: Record<Architecture, number>;
  /** Heaviest first. */
  reasons: Reason[];
  excluded: Exclusion[];
  risks: string[];
  nextSteps: string[];
  /** The start-simple ladder and where the recommendation sits on it. */
  startSimple: string;
  /**
   * Whether the documents fit the answer model's window, and whether long context can replace
   * RAG: `recommended` only when the matrix picks RAG and long context measured as well at a
   * lower or comparable cost; never when the gold sources do not fit. Null when not measured.
   */
  longContext: LongContextAssessment | null;
}

const architectureOfVariant: Partial<Record<VariantName, Architecture>> = {
  prompt: 'prompting',
  'few-shot': 'prompting',
  rag: 'rag',
  tuned: 'fine-tuning',
  hybrid: 'hybrid',
};

/** Weighs the failure evidence (measured or guessed) with the team's constraints. */
export function recommend(input: DecisionInput): Recommendation {
  const { constraints } = input;
  const reasons: Reason[] = [];
  const risks: string[] = [];
  const gates: Exclusion[][] = [];
  const add = (reason: Reason) => {
    const weight = Math.round(reason.weight * 100) / 100;
    if (weight > 0 && reason.favours.length > 0) reasons.push({ ...reason, weight });
  };

  const basis = addMeasuredReasons(input.measured, add, risks) ? 'measured' : 'guessed';
  if (basis === 'guessed') addGuessedReasons(input.failureMode, add, risks);
  // Knowledge-leaning priors only matter while facts are missing: with none, there is nothing to retrieve or keep current.
  const factsMissing =
    basis === 'measured'
      ? (input.measured?.attribution.knowledgeNeeds ?? 0) > 0
      : input.failureMode !== 'wrong-behaviour';
  if (factsMissing) addKnowledgeChangeReason(constraints, add);
  for (const entry of taskTypeWeights[constraints.taskType]) {
    if (entry.whenFactsMissing && !factsMissing) continue;
    add({
      factor: 'task-type',
      statement: `Task type ${constraints.taskType}: ${entry.why}.`,
      weight: entry.weight,
      favours: entry.favours,
    });
  }
  addLatencyReasons(constraints, input.measured, add, risks);
  addVolumeReasons(constraints, input.measured?.costs, add, risks);
  addBudgetReasons(constraints, input.measured?.costs, add, gates, risks);
  for (const entry of teamSkillWeights[constraints.teamSkills]) {
    if (entry.whenFactsMissing && !factsMissing) continue;
    add({
      factor: 'team-skills',
      statement: `Team skills ${constraints.teamSkills}: ${entry.why}.`,
      weight: entry.weight,
      favours: entry.favours,
    });
  }
  addTrainingExampleReasons(constraints, factsMissing, add, gates);
  addRequirementReasons(constraints, add, gates);

  const scores = Object.fromEntries(architectures.map((architecture) => [architecture, 0])) as Record<
    Architecture,
    number
  >;
  for (const reason of reasons)
    for (const architecture of reason.favours) scores[architecture] += reason.weight;
  for (const architecture of architectures)
    scores[architecture] = Math.round(scores[architecture] * 100) / 100;

  const excluded = applyGates(gates, risks);
  const eligible = architectures.filter(
    (architecture) => !excluded.some((entry) => entry.architecture === architecture),
  );
  const best = Math.max(...eligible.map((architecture) => scores[architecture]));
  const architecture =
    eligible.find((candidate) => scores[candidate] >= best - W.startSimpleMargin) ?? 'prompting';

  reasons.sort((a, b) => b.weight - a.weight);
  addArchitectureRisks(architecture, input, risks);
  const longContext = weighLongContext(architecture, input.measured?.longContext ?? null);
  const nextSteps = planNextSteps(architecture, input, basis, excluded);
  if (longContext?.verdict === 'recommended') {
    nextSteps.unshift(
      'Ship long-context (eval variant `long-context`: the base model with the reader’s documents in its prompt) instead of building retrieval; re-run `knowhow eval` as the corpus grows, since it stops fitting at some size.',
    );
  }
  return {
    architecture,
    basis,
    scores,
    reasons,
    excluded,
    risks,
    nextSteps,
    startSimple: `${describeStartSimple(architecture, scores, excluded)}${
      longContext?.verdict === 'recommended'
        ? ' Long context measures as well as RAG at a lower or comparable cost: recommended in its place.'
        : ''
    }`,
    longContext,
  };
}

/**
 * Long context is the base model with the documents in the prompt: it can stand in for RAG only.
 * When the matrix picks anything else, a good long-context measurement is possible, not recommended.
 */
function weighLongContext(
  architecture: Architecture,
  assessment: LongContextAssessment | null,
): LongContextAssessment | null {
  if (assessment?.verdict !== 'recommended' || architecture === 'rag') return assessment;
  return {
    ...assessment,
    verdict: 'possible',
    statement: `${assessment.statement} It is not recommended here: the matrix picks ${architectureLabels[architecture]}, which long context does not replace.`,
  };
}

type AddReason = (reason: Reason) => void;

function addMeasuredReasons(
  measured: MeasuredEvidence | undefined,
  add: AddReason,
  risks: string[],
): boolean {
  if (!measured) return false;
  const summary = measured.attribution;
  if (summary.cases === 0) {
    risks.push('The eval produced no attributed cases, so the failure mode given was used instead.');
    return false;
  }
  const errors = summary.counts['model-error'];
  if (errors > 0) {
    risks.push(
      `${errors} of ${summary.cases} cases errored under the variants that decide them and are left out; re-run the eval.`,
    );
  }
  const unanswerable = summary.counts.unanswerable;
  if (unanswerable > 0) {
    risks.push(
      `${unanswerable} cases ask for documents their reader may not read (unanswerable, left out): fix their user.groups or sources.`,
    );
  }
  const answered = summary.cases - errors - unanswerable;
  if (answered === 0) {
    risks.push('Every case errored: nothing was measured, so the failure mode given was used instead.');
    return false;
  }
  if (answered < W.smallSampleCases) {
    risks.push(
      `Only ${answered} attributed cases: a share measured on them is uncertain by up to ±${Math.round(
        98 / Math.sqrt(answered),
      )} points (95%); add cases before committing.`,
    );
  }
  if (summary.extractiveCases > 0 && summary.extractiveCases >= answered) {
    addRetrievalOnlyReasons(measured, add, risks);
    return true;
  }
  const failing = summary.failing;
  if (failing === 0) {
    add({
      factor: 'measured-failures',
      statement: `All ${answered} attributed cases pass under the plain prompt: no architecture change is needed.`,
      number: `${answered}/${answered}`,
      weight: W.nothingFails,
      favours: ['prompting'],
    });
    addBestVariantReason(measured.variants, add);
    return true;
  }
  const share = (count: number) => count / failing;
  const of = (count: number) => `${percent(share(count))} (${count}/${failing})`;
  const ofFailing = (count: number) => `${percent(share(count))} of failing cases (${count}/${failing})`;

  const fixedByPrompting = summary.counts['prompting-fixes'];
  if (fixedByPrompting > 0) {
    add({
      factor: 'measured-failures',
      statement: `${ofFailing(fixedByPrompting)} pass once few-shot examples are in the prompt: prompting fixes them.`,
      number: of(fixedByPrompting),
      weight: W.measuredEvidence * share(fixedByPrompting),
      favours: ['prompting'],
    });
    if (share(fixedByPrompting) >= W.promptingFixesMostThreshold) {
      add({
        factor: 'measured-failures',
        statement: `Start simple: few-shot prompting already fixes most of them: ${ofFailing(fixedByPrompting)}.`,
        number: of(fixedByPrompting),
        weight: W.promptingFixesMost,
        favours: ['prompting'],
      });
    }
  }
  const knowledge = summary.knowledgeNeeds;
  const behaviour = summary.behaviourNeeds;
  const both = summary.bothNeeds;
  const knowledgeOnly = knowledge - both;
  const behaviourOnly = behaviour - both;
  if (knowledgeOnly > 0) {
    add({
      factor: 'measured-failures',
      statement: `${ofFailing(knowledgeOnly)} lack facts and have no behaviour gap (${summary.counts['knowledge-gap']} knowledge gaps, ${summary.counts['retrieval-gap']} retrieval gaps in all): retrieval supplies missing facts.`,
      number: of(knowledgeOnly),
      weight: W.measuredEvidence * share(knowledgeOnly),
      favours: ['rag'],
    });
  }
  if (behaviourOnly > 0) {
    add({
      factor: 'measured-failures',
      statement: `${ofFailing(behaviourOnly)} are behaviour gaps: the content is right but the format is wrong even with examples and context; fine-tuning teaches behaviour.`,
      number: of(behaviourOnly),
      weight: W.measuredEvidence * share(behaviourOnly),
      favours: ['fine-tuning'],
    });
  }
  const bothSubstantial =
    (share(knowledge) >= W.bothGapsThreshold && share(behaviour) >= W.bothGapsThreshold) ||
    share(both) >= W.bothGapsThreshold;
  if (bothSubstantial) {
    const covered = knowledge + behaviour - both;
    add({
      factor: 'measured-failures',
      statement: `Both gaps are present: ${knowledge} failing cases lack facts and ${behaviour} have behaviour gaps (${both} have both); hybrid addresses ${ofFailing(covered)}.`,
      number: of(covered),
      weight: W.measuredEvidence * share(covered),
      favours: ['hybrid'],
    });
  } else if (both > 0) {
    add({
      factor: 'measured-failures',
      statement: `${ofFailing(both)} lack facts and have a behaviour gap: only hybrid (retrieval and a tuned model) fixes them.`,
      number: of(both),
      weight: W.measuredEvidence * share(both),
      favours: ['hybrid'],
    });
  }
  const reasoning = summary.counts['reasoning-gap'];
  if (reasoning > 0) {
    add({
      factor: 'measured-failures',
      statement: `${ofFailing(reasoning)} are reasoning gaps: content is wrong even with the gold documents in context; a stronger model or fine-tuning.`,
      number: of(reasoning),
      weight: W.measuredEvidence * W.reasoningGapFactor * share(reasoning),
      favours: ['fine-tuning'],
    });
    risks.push(
      `${reasoning} cases fail even with the gold documents in context: no retrieval fixes them; try a stronger answer model before fine-tuning.`,
    );
  }
  const unresolved = summary.counts.unresolved;
  if (unresolved > 0) {
    risks.push(
      `${unresolved} failing cases match no attribution rule (often: checks that need context, such as citations, or variants that did not run); read their rows.`,
    );
  }
  addBestVariantReason(measured.variants, add);
  return true;
}

/** What a run on an extractive answer model measures: retrieval. The model's own gaps are not measured. */
export const EXTRACTIVE_RISK =
  'The answer model is extractive: it quotes passages and cannot write an answer, know anything itself or follow a format, so the knowledge, behaviour and reasoning gaps of your model are not measured; this recommendation rests on retrieval metrics and your constraints.';

/** What a run with a model that writes its answers measures beyond retrieval. */
export const REAL_MODEL_ADDS =
  'whether the model already knows the answers (prompt), whether worked examples fix its format (few-shot) and whether it uses the gold documents (oracle): the knowledge, behaviour and reasoning gaps this run cannot measure';

export const REAL_MODEL_STEP = `Run \`knowhow eval\` with a real model (models.answer in knowhow.yaml; KNOWHOW_ANSWER_MODEL for the demo): it adds ${REAL_MODEL_ADDS}.`;

function addRetrievalOnlyReasons(measured: MeasuredEvidence, add: AddReason, risks: string[]): void {
  risks.unshift(EXTRACTIVE_RISK);
  const rag = measured.variants?.find((summary) => summary.variant === 'rag');
  if (!rag || rag.meanRecall === null) {
    risks.push('No rag row was scored on retrieval: run the rag variant with `sources` on the cases.');
    return;
  }
  const recall = percent(rag.meanRecall);
  const answeredByQuotes =
    rag.contentPassRate === null
      ? ''
      : `; quoting the retrieved passages alone states the facts in ${percent(rag.contentPassRate)} of them`;
  if (rag.meanRecall >= W.retrievalWorksRecall) {
    add({
      factor: 'measured-failures',
      statement: `Retrieval finds the gold sources: mean recall@k ${recall} over ${rag.cases} rag rows${answeredByQuotes}. RAG can deliver the documents' facts.`,
      number: `recall ${recall}`,
      weight: W.retrievalWorks,
      favours: ['rag', 'hybrid'],
    });
  } else {
    risks.push(
      `Retrieval misses the gold sources: mean recall@k ${recall} over ${rag.cases} rag rows. Fix chunking or retrieval before relying on RAG.`,
    );
  }
}

function addBestVariantReason(variants: readonly VariantSummary[] | undefined, add: AddReason): void {
  if (!variants) return;
  const shippable = variants.filter((summary) => summary.cases > 0 && architectureOfVariant[summary.variant]);
  let best: VariantSummary | undefined;
  for (const summary of shippable) if (!best || summary.passRate > best.passRate) best = summary;
  const prompt = variants.find((summary) => summary.variant === 'prompt');
  // A best that passes nothing, or no more than the plain prompt, is no evidence for its architecture.
  if (!best || best.passRate === 0 || (prompt && prompt !== best && best.passRate <= prompt.passRate)) return;
  const comparison =
    prompt && prompt !== best
      ? ` vs prompt ${percent(prompt.passRate)} (${prompt.passed}/${prompt.cases})`
      : '';
  add({
    factor: 'measured-failures',
    statement: `Best measured pass rate: ${best.variant} ${percent(best.passRate)} (${best.passed}/${best.cases})${comparison}.`,
    number: `${percent(best.passRate)} (${best.passed}/${best.cases})`,
    weight: W.bestMeasuredVariant,
    favours: [architectureOfVariant[best.variant]!],
  });
}

function addGuessedReasons(mode: FailureMode, add: AddReason, risks: string[]): void {
  const guess = W.guessedFailureMode;
  switch (mode) {
    case 'missing-facts':
      add({
        factor: 'failure-mode',
        statement:
          'Failure mode (guessed): missing facts. Retrieval supplies facts; fine-tuning does not add them reliably (a model tuned on facts hallucinates confidently).',
        weight: guess,
        favours: ['rag'],
      });
      break;
    case 'wrong-behaviour':
      add({
        factor: 'failure-mode',
        statement: 'Failure mode (guessed): wrong format or behaviour. Fine-tuning teaches behaviour.',
        weight: guess * 0.6,
        favours: ['fine-tuning'],
      });
      add({
        factor: 'failure-mode',
        statement:
          'Failure mode (guessed): wrong format or behaviour. Few-shot examples are the cheap first fix.',
        weight: guess * 0.4,
        favours: ['prompting'],
      });
      break;
    case 'both':
      add({
        factor: 'failure-mode',
        statement:
          'Failure mode (guessed): both missing facts and wrong behaviour. Only hybrid addresses both.',
        weight: guess,
        favours: ['hybrid'],
      });
      break;
    case 'unknown':
      add({
        factor: 'failure-mode',
        statement: 'Failure mode unknown: start with the simplest architecture and measure.',
        weight: guess * 0.5,
        favours: ['prompting'],
      });
      break;
  }
  risks.push(
    `The failure mode is a guess (${mode}): \`knowhow diagnose\` measures it on your own test cases.`,
  );
}

function addKnowledgeChangeReason(constraints: ConstraintsConfig, add: AddReason): void {
  const changes = constraints.knowledgeChanges;
  const runs = retrainsPerYear[changes];
  add({
    factor: 'knowledge-changes',
    statement:
      changes === 'realtime'
        ? `Knowledge changes in real time: a fine-tuned model would lag even at ${runs} retrains a year; retrieval sees a change at the next ingest.`
        : `Knowledge changes ${changes}: a fine-tuned model would need ${runs} retrains a year to stay current; retrieval picks changes up at the next ingest.`,
    number: `${runs} retrains/year`,
    weight: W.knowledgeChanges[changes],
    favours: ['rag', 'hybrid'],
  });
}

function latencyByArchitecture(measured: MeasuredEvidence | undefined): Map<Architecture, number> {
  const found = new Map<Architecture, number>();
  for (const architecture of architectures) {
    const fromVariants = architectureVariants[architecture]
      .map((variant) => measured?.variants?.find((summary) => summary.variant === variant)?.latency)
      .find((latency) => latency !== null && latency !== undefined);
    const latency = fromVariants ?? measured?.costs?.architectures[architecture].latency ?? null;
    if (latency) found.set(architecture, latency.p95Ms);
  }
  return found;
}

function addLatencyReasons(
  constraints: ConstraintsConfig,
  measured: MeasuredEvidence | undefined,
  add: AddReason,
  risks: string[],
): void {
  const target = constraints.latencyTargetMs;
  const latencies = latencyByArchitecture(measured);
  const within = [...latencies].filter(([, p95]) => p95 <= target);
  const over = [...latencies].filter(([, p95]) => p95 > target);
  const list = (entries: [Architecture, number][]) =>
    entries.map(([architecture, p95]) => `${architecture} ${Math.round(p95)} ms`).join(', ');
  if (within.length > 0 && over.length > 0) {
    add({
      factor: 'latency',
      statement: `Measured p95 latency against the ${target} ms target: over it ${list(over)}; within it ${list(within)}.`,
      number: `${target} ms`,
      weight: W.measuredLatencyOverTarget,
      favours: within.map(([architecture]) => architecture),
    });
    return;
  }
  if (latencies.size > 0 && within.length === 0) {
    risks.push(`Every measured p95 latency is over the ${target} ms target (${list(over)}).`);
  }
  if (latencies.size >= 2) return;
  if (target < W.lowLatencyMs) {
    add({
      factor: 'latency',
      statement: `Latency target ${target} ms is under ~${W.lowLatencyMs} ms: a retrieval step (query embedding, search, a longer prompt) is hard to fit; a model without retrieval answers sooner.`,
      number: `${target} ms`,
      weight: W.lowLatency,
      favours: ['fine-tuning', 'prompting'],
    });
  } else if (target < W.moderateLatencyMs) {
    add({
      factor: 'latency',
      statement: `Latency target ${target} ms is under ${W.moderateLatencyMs} ms: retrieval's added time counts.`,
      number: `${target} ms`,
      weight: W.moderateLatency,
      favours: ['fine-tuning', 'prompting'],
    });
  }
}

function addVolumeReasons(
  constraints: ConstraintsConfig,
  costs: CostProjection | undefined,
  add: AddReason,
  risks: string[],
): void {
  const volume = constraints.queriesPerDay;
  const available = costs
    ? architectures.filter((architecture) => costs.architectures[architecture].basis !== 'missing')
    : [];
  if (costs && available.length >= 2) {
    const total = (architecture: Architecture) => costs.architectures[architecture].monthly.total;
    const complete = available.filter((architecture) => costs.architectures[architecture].complete !== false);
    const incomplete = available.filter((architecture) => !complete.includes(architecture));
    const ranked = [...complete].sort((a, b) => total(a) - total(b));
    const cheapest = ranked[0];
    // An incomplete total is a lower bound: the claim stands only if every such bound is above the cheapest.
    const provable =
      cheapest !== undefined && incomplete.every((architecture) => total(architecture) > total(cheapest));
    if (!cheapest || !provable) {
      risks.push(`Costs are not compared: ${describeUnknownCosts(costs, incomplete)}.`);
      return;
    }
    const others = [
      ...ranked.slice(1).map((architecture) => `${architecture} ${money(total(architecture))}`),
      ...incomplete.map(
        (architecture) =>
          `${architecture} over ${money(total(architecture))} (${costs.architectures[architecture].unknown.join('; ')})`,
      ),
    ].join(', ');
    const nextCrossing = costs.breakEvens.find(
      (entry) => entry.queriesPerDay > volume && entry.cheaperBelow === cheapest,
    );
    const crossing = nextCrossing
      ? `; above ${formatCount(Math.round(nextCrossing.queriesPerDay))} queries/day ${nextCrossing.cheaperAbove} is cheaper`
      : '';
    const cheapestCost = money(total(cheapest));
    add({
      factor: 'cost',
      statement: `At ${formatCount(volume)} queries/day ${cheapest} is cheapest: ${cheapestCost}/month (${others})${crossing}.`,
      number: `${cheapestCost}/month`,
      weight: W.cheapestAtVolume,
      favours: [cheapest],
    });
    return;
  }
  if (volume >= W.veryHighVolumeQueriesPerDay || volume >= W.highVolumeQueriesPerDay) {
    const veryHigh = volume >= W.veryHighVolumeQueriesPerDay;
    add({
      factor: 'query-volume',
      statement: `${formatCount(volume)} queries/day: the tokens of stuffed context grow with every query, while a tuned small model's cost is mostly fixed.`,
      number: `${formatCount(volume)} queries/day`,
      weight: veryHigh ? W.veryHighVolume : W.highVolume,
      favours: ['fine-tuning'],
    });
  }
}

/** "no price for m (fine-tuning, hybrid)": what is unknown, once per cause, with the architectures it leaves open. */
function describeUnknownCosts(costs: CostProjection, incomplete: readonly Architecture[]): string {
  const byCause = new Map<string, Architecture[]>();
  for (const architecture of incomplete) {
    for (const cause of costs.architectures[architecture].unknown) {
      byCause.set(cause, [...(byCause.get(cause) ?? []), architecture]);
    }
  }
  if (byCause.size === 0) return 'fewer than two architectures have a known cost';
  return [...byCause].map(([cause, affected]) => `${cause} (${affected.join(', ')})`).join('; ');
}

function addBudgetReasons(
  constraints: ConstraintsConfig,
  costs: CostProjection | undefined,
  add: AddReason,
  gates: Exclusion[][],
  risks: string[],
): void {
  const budget = constraints.monthlyBudget;
  if (budget !== undefined) {
    const available = costs
      ? architectures.filter((architecture) => costs.architectures[architecture].basis !== 'missing')
      : [];
    if (!costs || available.length === 0) {
      risks.push(
        `The ${money(budget)}/month budget was not checked: no cost projection (diagnose prices measured tokens).`,
      );
    } else {
      const total = (architecture: Architecture) => costs.architectures[architecture].monthly.total;
      const known = (architecture: Architecture) => costs.architectures[architecture].complete !== false;
      // An incomplete total is a lower bound: over the budget already, or not checkable.
      const over = available.filter((architecture) => total(architecture) > budget);
      const within = available.filter((architecture) => known(architecture) && total(architecture) <= budget);
      const unchecked = available.filter(
        (architecture) => !known(architecture) && total(architecture) <= budget,
      );
      if (unchecked.length > 0) {
        risks.push(
          `The ${money(budget)}/month budget was not checked for ${unchecked.join(', ')}: ${describeUnknownCosts(costs, unchecked)}.`,
        );
      }
      if (over.length > 0 && within.length > 0) {
        const overList = over
          .map((architecture) => `${architecture} ${money(total(architecture))}`)
          .join(', ');
        add({
          factor: 'budget',
          statement: `Projected over the ${money(budget)}/month budget at ${formatCount(constraints.queriesPerDay)} queries/day: ${overList}.`,
          number: `${money(budget)}/month`,
          weight: W.withinBudget,
          favours: within,
        });
        gates.push(
          over.map((architecture) => ({
            architecture,
            factor: 'budget',
            why: `projected ${money(total(architecture))}/month exceeds the ${money(budget)}/month budget`,
          })),
        );
      } else if (within.length === 0) {
        risks.push(`Every architecture is projected over the ${money(budget)}/month budget.`);
      }
    }
  }
  const runBudget = constraints.trainingRunBudget;
  if (runBudget === undefined) return;
  const run = costs?.architectures['fine-tuning'].trainingRun;
  const runCost = run && run.usd > 0 ? run.usd : undefined;
  const tooLow = runBudget === 0 || (runCost !== undefined && runCost > runBudget);
  if (!tooLow) return;
  const why =
    runBudget === 0
      ? 'there is no budget for training runs ($0)'
      : `a training run costs ${money(runCost!)}, over the ${money(runBudget)} per-run budget`;
  add({
    factor: 'budget',
    statement: `Training: ${why}.`,
    number: runBudget === 0 ? '$0' : money(runCost!),
    weight: W.noTrainingBudget,
    favours: ['prompting', 'rag'],
  });
  gates.push(
    (['fine-tuning', 'hybrid'] as const).map((architecture) => ({
      architecture,
      factor: 'budget' as const,
      why,
    })),
  );
}

function addTrainingExampleReasons(
  constraints: ConstraintsConfig,
  factsMissing: boolean,
  add: AddReason,
  gates: Exclusion[][],
): void {
  const examples = constraints.trainingExamples;
  if (examples === undefined) return;
  const number = `${formatCount(examples)} examples`;
  if (examples >= W.fewExamplesThreshold) {
    add({
      factor: 'training-examples',
      statement: `${formatCount(examples)} clean training examples (at least ${formatCount(W.fewExamplesThreshold)}): enough for a LoRA fine-tune.`,
      number,
      weight: W.enoughExamples,
      favours: ['fine-tuning', 'hybrid'],
    });
    return;
  }
  const veryFew = examples < W.veryFewExamplesThreshold;
  const statement = veryFew
    ? `Only ${formatCount(examples)} clean training examples (under ${W.veryFewExamplesThreshold}): far too few to fine-tune; use them as few-shot examples.`
    : `${formatCount(examples)} clean training examples (under ~${formatCount(W.fewExamplesThreshold)}): invest in ${
        factsMissing ? 'prompting and RAG' : 'prompting'
      } first.`;
  add({
    factor: 'training-examples',
    statement,
    number,
    weight: veryFew ? W.veryFewExamples : W.fewExamples,
    favours: factsMissing ? ['prompting', 'rag'] : ['prompting'],
  });
  const why = `${formatCount(examples)} clean training examples is under ~${formatCount(W.fewExamplesThreshold)}: deferred until there are more`;
  gates.push(
    (['fine-tuning', 'hybrid'] as const).map((architecture) => ({
      architecture,
      factor: 'training-examples' as const,
      why,
    })),
  );
}

function addRequirementReasons(constraints: ConstraintsConfig, add: AddReason, gates: Exclusion[][]): void {
  const requirement: Exclusion[] = [];
  // Both requirements can only be met by retrieval: they favour it and exclude what lacks it.
  const requireRetrieval = (factor: DecisionFactor, statement: string, weight: number, why: string) => {
    add({ factor, statement, weight, favours: ['rag', 'hybrid'] });
    for (const architecture of ['prompting', 'fine-tuning'] as const)
      requirement.push({ architecture, factor, why });
  };
  if (constraints.citationsNeeded) {
    requireRetrieval(
      'citations',
      'Citations needed: only retrieved passages can be cited; a fine-tuned model cannot point at its sources.',
      W.citationsNeeded,
      'answers must cite sources, which needs retrieval',
    );
  }
  if (constraints.accessControlNeeded) {
    requireRetrieval(
      'access-control',
      'Per-user access control needed: retrieval filters passages by the reader’s groups inside the query; facts trained into a model are visible to every user.',
      W.accessControlNeeded,
      'per-user access control needs retrieval filtered by the reader’s groups',
    );
  }
  // Requirements outrank budgets and example counts: applied first.
  if (requirement.length > 0) gates.unshift(requirement);
}

/** Applies each gate in order unless it would leave nothing to recommend. */
function applyGates(gates: Exclusion[][], risks: string[]): Exclusion[] {
  const excluded: Exclusion[] = [];
  for (const gate of gates) {
    const ruledOut = new Set([...excluded, ...gate].map((entry) => entry.architecture));
    if (architectures.every((architecture) => ruledOut.has(architecture))) {
      const factors = [...new Set(gate.map((entry) => entry.factor))].join(', ');
      risks.push(
        `The ${factors} constraint conflicts with the others (it would rule out every architecture); it was weighed but not enforced.`,
      );
      continue;
    }
    for (const entry of gate) {
      if (!excluded.some((existing) => existing.architecture === entry.architecture)) excluded.push(entry);
    }
  }
  return excluded;
}

function addArchitectureRisks(architecture: Architecture, input: DecisionInput, risks: string[]): void {
  const { constraints, measured } = input;
  const summary = measured?.attribution;
  const usesRetrieval = architecture === 'rag' || architecture === 'hybrid';
  const tunes = architecture === 'fine-tuning' || architecture === 'hybrid';
  if (usesRetrieval && summary && summary.counts['retrieval-gap'] > 0) {
    const rag = measured?.variants?.find((variant) => variant.variant === 'rag');
    const recall =
      rag?.meanRecall === null || rag?.meanRecall === undefined
        ? ''
        : ` (mean recall ${percent(rag.meanRecall)})`;
    risks.push(
      `${summary.counts['retrieval-gap']} cases pass with the gold documents but fail under rag${recall}: retrieval as configured misses them.`,
    );
  }
  if (usesRetrieval && constraints.latencyTargetMs < W.lowLatencyMs) {
    risks.push(`Retrieval adds time that a ${constraints.latencyTargetMs} ms target leaves little room for.`);
  }
  if (architecture === 'fine-tuning' && summary && summary.knowledgeNeeds > 0) {
    risks.push(
      `${summary.knowledgeNeeds} failing cases lack facts: fine-tuning does not add facts reliably, and a model tuned on them hallucinates confidently.`,
    );
  }
  if (architecture === 'fine-tuning' && retrainsPerYear[constraints.knowledgeChanges] > 12) {
    risks.push(
      `Knowledge changes ${constraints.knowledgeChanges}: keeping a tuned model's facts current takes ${retrainsPerYear[constraints.knowledgeChanges]} retrains a year.`,
    );
  }
  if (tunes) {
    if (constraints.trainingExamples === undefined) {
      risks.push(
        `The number of clean training examples is unknown: under ~${formatCount(W.fewExamplesThreshold)}, invest in prompting and RAG first.`,
      );
    }
    if (constraints.teamSkills === 'neither' || constraints.teamSkills === 'data-engineering') {
      risks.push(
        'No ML ops on the team: prefer a hosted fine-tuning API over self-hosted training and serving.',
      );
    }
    risks.push(
      'Hosted fine-tuning changes: OpenAI stops accepting new fine-tuning jobs after 2027-01-06; Together and self-hosted LoRA (TRL, Axolotl) remain.',
    );
  }
}

function planNextSteps(
  architecture: Architecture,
  input: DecisionInput,
  basis: 'measured' | 'guessed',
  excluded: readonly Exclusion[],
): string[] {
  const steps: string[] = [];
  const summary = basis === 'measured' ? input.measured?.attribution : undefined;
  if (summary && summary.extractiveCases > 0) steps.push(REAL_MODEL_STEP);
  if (basis === 'guessed') {
    steps.push(
      'Write 20–50 test cases from real questions and run `knowhow diagnose` to measure the failure mode.',
    );
  }
  const promptingStep =
    summary && summary.counts['prompting-fixes'] > 0
      ? `Ship the few-shot prompt: it fixes ${summary.counts['prompting-fixes']} of ${summary.failing} failing cases (eval.examples holds the examples).`
      : 'Tighten the system prompt and add worked examples (eval.examples); re-run `knowhow eval` after each change.';
  const retrievalSteps = [
    '`knowhow ingest <docs>` to index the documents that hold the answers.',
    ...(summary && summary.counts['retrieval-gap'] > 0
      ? [
          `Fix retrieval for the ${summary.counts['retrieval-gap']} retrieval-gap cases: try retrieve.mode: hybrid, rerank, or a smaller chunk.maxTokens, then re-run \`knowhow eval\`.`,
        ]
      : []),
  ];
  const examples = input.constraints.trainingExamples;
  const tuningSteps = [
    `\`knowhow tune prepare\` to build the training set (about ${formatCount(W.fewExamplesThreshold)} clean examples or more${
      examples === undefined ? '' : `; you have ${formatCount(examples)}`
    }).`,
    '`knowhow tune launch`, then `knowhow tune status` until the job ends.',
    '`knowhow tune register`, then `knowhow eval` to compare tuned against prompt (catches regressions).',
  ];
  switch (architecture) {
    case 'prompting':
      steps.push(promptingStep);
      break;
    case 'rag':
      steps.push(
        ...retrievalSteps,
        '`knowhow serve` for an OpenAI-compatible endpoint that answers with citations.',
      );
      break;
    case 'fine-tuning':
      steps.push(promptingStep, ...tuningSteps);
      break;
    case 'hybrid':
      steps.push(
        ...retrievalSteps,
        ...tuningSteps,
        '`knowhow serve` with the tuned model as the answer model.',
      );
      break;
  }
  // Worth saying only when tuning is what the evidence points at next.
  const behaviourEvidence =
    basis === 'measured'
      ? (input.measured?.attribution.behaviourNeeds ?? 0) > 0
      : input.failureMode === 'wrong-behaviour' || input.failureMode === 'both';
  const deferred = excluded.filter((entry) => entry.factor === 'training-examples');
  if (deferred.length > 0 && examples !== undefined && behaviourEvidence) {
    steps.push(
      `Collect clean training examples (${formatCount(examples)} now, about ${formatCount(W.fewExamplesThreshold)} needed) before fine-tuning.`,
    );
  }
  return steps;
}

function describeStartSimple(
  architecture: Architecture,
  scores: Record<Architecture, number>,
  excluded: readonly Exclusion[],
): string {
  const step = architectures.indexOf(architecture) + 1;
  const parts = [
    `Start simple: prompting → RAG → fine-tuning → hybrid. Recommended: ${architectureLabels[architecture]} (step ${step} of ${architectures.length}, score ${scores[architecture]}).`,
  ];
  for (const other of architectures) {
    if (other === architecture) continue;
    const exclusion = excluded.find((entry) => entry.architecture === other);
    const position =
      architectures.indexOf(other) < architectures.indexOf(architecture) ? 'simpler' : 'more complex';
    parts.push(
      exclusion
        ? `${capitalize(architectureLabels[other])} (${position}, score ${scores[other]}) is ruled out: ${exclusion.why}.`
        : `${capitalize(architectureLabels[other])} (${position}) scores ${scores[other]}.`,
    );
  }
  return parts.join(' ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function money(value: number): string {
  return `$${formatDecimal(value, 2)}`;
}

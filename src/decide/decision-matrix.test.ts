import { describe, expect, it } from 'vitest';
import { type ConstraintsConfig, constraintsSchema } from '../core/config/schema.js';
import type { EvalRow } from '../core/eval-types.js';
import {
  formatsOnlyWithExamples,
  knowsEverythingFormatsPerfectly,
  knowsEverythingIgnoresFormats,
  knowsNothingFormatsPerfectly,
  knowsNothingIgnoresFormats,
  plantedCases,
  quotesPassages,
  runScriptedEval,
} from './__fixtures__/scripted-models.js';
import { attributeRun, summarizeAttributions } from './attribute-failures.js';
import { type CostProjection, projectCosts } from './cost-model.js';
import {
  type DecisionInput,
  type MeasuredEvidence,
  type Recommendation,
  recommend,
} from './decision-matrix.js';
import { summarizeVariants } from './summarize-variants.js';

function constraints(overrides: Partial<ConstraintsConfig> = {}): ConstraintsConfig {
  return { ...constraintsSchema.parse({}), ...overrides };
}

function measure(rows: EvalRow[], costs?: CostProjection): MeasuredEvidence {
  return {
    attribution: summarizeAttributions(attributeRun(rows)),
    variants: summarizeVariants(rows),
    ...(costs ? { costs } : {}),
  };
}

function guessed(failureMode: DecisionInput['failureMode'], overrides: Partial<ConstraintsConfig> = {}) {
  return recommend({ constraints: constraints(overrides), failureMode });
}

const knowledgeRows = runScriptedEval({ model: knowsNothingFormatsPerfectly, cases: plantedCases('k', 30) });
const behaviourRows = runScriptedEval({ model: knowsEverythingIgnoresFormats, cases: plantedCases('b', 30) });
const bothRows = runScriptedEval({ model: knowsNothingIgnoresFormats, cases: plantedCases('kb', 30) });

function expectNumbersOnMeasuredReasons(recommendation: Recommendation): void {
  for (const reason of recommendation.reasons) {
    if (
      [
        'measured-failures',
        'knowledge-changes',
        'latency',
        'query-volume',
        'cost',
        'budget',
        'training-examples',
      ].includes(reason.factor)
    ) {
      expect(reason.number, reason.statement).toBeDefined();
      expect(reason.statement).toContain(reason.number!.split(' ')[0]!);
    }
  }
}

describe('recommend from measured failures', () => {
  it('recommends RAG when failing cases are knowledge gaps, stating the share', () => {
    const recommendation = recommend({
      constraints: constraints(),
      failureMode: 'wrong-behaviour',
      measured: measure(knowledgeRows),
    });
    expect(recommendation.basis).toBe('measured');
    expect(recommendation.architecture).toBe('rag');
    const knowledge = recommendation.reasons.find((reason) => reason.statement.includes('lack facts'));
    expect(knowledge?.statement).toMatch(/^100% of failing cases \(30\/30\) lack facts/);
    expect(knowledge?.number).toBe('100% (30/30)');
    expect(knowledge?.favours).toEqual(['rag']);
    // The guessed failure mode is ignored once measured.
    expect(recommendation.reasons.some((reason) => reason.factor === 'failure-mode')).toBe(false);
    expectNumbersOnMeasuredReasons(recommendation);
  });

  it('recommends fine-tuning for behaviour gaps with enough clean examples', () => {
    const recommendation = recommend({
      constraints: constraints({
        knowledgeChanges: 'stable',
        taskType: 'format-compliance',
        trainingExamples: 1500,
      }),
      failureMode: 'unknown',
      measured: measure(behaviourRows),
    });
    expect(recommendation.architecture).toBe('fine-tuning');
    expect(recommendation.reasons[0]?.statement).toMatch(
      /^100% of failing cases \(30\/30\) are behaviour gaps/,
    );
    expect(recommendation.nextSteps.join('\n')).toContain('knowhow tune prepare');
    expectNumbersOnMeasuredReasons(recommendation);
  });

  it('defers fine-tuning under ~1,000 clean examples and invests in prompting first', () => {
    const recommendation = recommend({
      constraints: constraints({ trainingExamples: 240 }),
      failureMode: 'unknown',
      measured: measure(behaviourRows),
    });
    expect(recommendation.scores['fine-tuning']).toBeGreaterThan(recommendation.scores.prompting);
    expect(recommendation.architecture).toBe('prompting');
    expect(recommendation.excluded.map((entry) => [entry.architecture, entry.factor])).toEqual([
      ['fine-tuning', 'training-examples'],
      ['hybrid', 'training-examples'],
    ]);
    expect(recommendation.startSimple).toContain('Fine-tuning (more complex');
    expect(recommendation.startSimple).toContain('240 clean training examples');
    expect(recommendation.nextSteps.join('\n')).toContain('240 now, about 1,000 needed');
  });

  it('recommends hybrid when cases have both gaps', () => {
    const recommendation = recommend({
      constraints: constraints({ trainingExamples: 3000, teamSkills: 'both' }),
      failureMode: 'unknown',
      measured: measure(bothRows),
    });
    expect(recommendation.architecture).toBe('hybrid');
    expect(recommendation.reasons[0]?.favours).toEqual(['hybrid']);
    expect(recommendation.reasons[0]?.number).toBe('100% (30/30)');
  });

  it('recommends hybrid when knowledge and behaviour gaps each make up a large share', () => {
    const rows = [
      ...runScriptedEval({ model: knowsNothingFormatsPerfectly, cases: plantedCases('k', 15) }),
      ...runScriptedEval({ model: knowsEverythingIgnoresFormats, cases: plantedCases('b', 15) }),
    ];
    const recommendation = recommend({
      constraints: constraints({ trainingExamples: 3000, teamSkills: 'both' }),
      failureMode: 'unknown',
      measured: measure(rows),
    });
    expect(recommendation.architecture).toBe('hybrid');
    expect(recommendation.scores.hybrid).toBeGreaterThan(recommendation.scores.rag);
  });

  it('starts simple when few-shot prompting already fixes most failures', () => {
    const rows = [
      ...runScriptedEval({ model: formatsOnlyWithExamples, cases: plantedCases('p', 20) }),
      ...runScriptedEval({ model: knowsNothingFormatsPerfectly, cases: plantedCases('k', 10) }),
    ];
    const recommendation = recommend({
      constraints: constraints(),
      failureMode: 'unknown',
      measured: measure(rows),
    });
    expect(recommendation.architecture).toBe('prompting');
    const startSimple = recommendation.reasons.find((reason) => reason.statement.startsWith('Start simple'));
    expect(startSimple?.number).toBe('67% (20/30)');
    expect(recommendation.nextSteps[0]).toContain('fixes 20 of 30 failing cases');
  });

  it('recommends prompting when nothing fails', () => {
    const rows = runScriptedEval({ model: knowsEverythingFormatsPerfectly, cases: plantedCases('ok', 30) });
    const recommendation = recommend({
      constraints: constraints(),
      failureMode: 'missing-facts',
      measured: measure(rows),
    });
    expect(recommendation.architecture).toBe('prompting');
    expect(recommendation.reasons[0]?.statement).toContain('All 30 attributed cases pass');
  });

  it('warns that a small sample is uncertain', () => {
    const rows = runScriptedEval({ model: knowsNothingFormatsPerfectly, cases: plantedCases('k', 9) });
    const recommendation = recommend({
      constraints: constraints(),
      failureMode: 'unknown',
      measured: measure(rows),
    });
    expect(recommendation.risks.join('\n')).toMatch(/Only 9 attributed cases: .*±33 points/);
  });

  it('falls back to the guessed failure mode when nothing was attributed', () => {
    const recommendation = recommend({
      constraints: constraints(),
      failureMode: 'missing-facts',
      measured: { attribution: summarizeAttributions([]) },
    });
    expect(recommendation.basis).toBe('guessed');
    expect(recommendation.architecture).toBe('rag');
  });
});

describe('each factor pushes in its documented direction', () => {
  it('knowledge that changes often favours RAG and states the retrains a year', () => {
    const daily = guessed('unknown', { knowledgeChanges: 'daily' });
    const stable = guessed('unknown', { knowledgeChanges: 'stable' });
    expect(daily.scores.rag - stable.scores.rag).toBe(4);
    const reason = daily.reasons.find((entry) => entry.factor === 'knowledge-changes');
    expect(reason?.number).toBe('365 retrains/year');
    expect(reason?.favours).toEqual(['rag', 'hybrid']);
  });

  it('a latency target under ~200 ms favours a model without retrieval', () => {
    const fast = guessed('unknown', { latencyTargetMs: 150 });
    const relaxed = guessed('unknown', { latencyTargetMs: 5000 });
    expect(fast.scores['fine-tuning']).toBeGreaterThan(relaxed.scores['fine-tuning']);
    expect(fast.scores.rag).toBe(relaxed.scores.rag);
    expect(fast.reasons.find((reason) => reason.factor === 'latency')?.number).toBe('150 ms');
  });

  it('a measured p95 over the target counts against that architecture', () => {
    const rows = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: plantedCases('k', 30),
      latencyMs: { rag: 900, prompt: 200, 'few-shot': 220, tuned: 150, hybrid: 950, oracle: 800 },
    });
    const recommendation = recommend({
      constraints: constraints({ latencyTargetMs: 500 }),
      failureMode: 'unknown',
      measured: measure(rows),
    });
    const latency = recommendation.reasons.find((reason) => reason.factor === 'latency');
    expect(latency?.statement).toContain('over it rag 900 ms, hybrid 950 ms');
    expect(latency?.favours).toEqual(['prompting', 'fine-tuning']);
  });

  it('high query volume favours a tuned model’s fixed cost', () => {
    const high = guessed('unknown', { queriesPerDay: 2_000_000 });
    const low = guessed('unknown', { queriesPerDay: 100 });
    expect(high.scores['fine-tuning'] - low.scores['fine-tuning']).toBe(3);
    expect(high.reasons.find((reason) => reason.factor === 'query-volume')?.number).toBe(
      '2,000,000 queries/day',
    );
  });

  it('citations and per-user access control need retrieval', () => {
    for (const key of ['citationsNeeded', 'accessControlNeeded'] as const) {
      const recommendation = recommend({
        constraints: constraints({ [key]: true, trainingExamples: 5000, taskType: 'tone-persona' }),
        failureMode: 'unknown',
        measured: measure(behaviourRows),
      });
      expect(['rag', 'hybrid']).toContain(recommendation.architecture);
      expect(recommendation.excluded.map((entry) => entry.architecture).sort()).toEqual([
        'fine-tuning',
        'prompting',
      ]);
    }
  });

  it('a team without ML ops leans away from fine-tuning', () => {
    const neither = guessed('wrong-behaviour', { teamSkills: 'neither' });
    const mlOps = guessed('wrong-behaviour', { teamSkills: 'ml-ops' });
    expect(neither.scores.prompting).toBeGreaterThan(mlOps.scores.prompting);
    expect(mlOps.scores['fine-tuning']).toBeGreaterThan(neither.scores['fine-tuning']);
  });

  it('a guessed failure mode maps to its architecture', () => {
    expect(guessed('missing-facts').architecture).toBe('rag');
    expect(
      guessed('wrong-behaviour', { knowledgeChanges: 'stable', teamSkills: 'ml-ops' }).architecture,
    ).toBe('fine-tuning');
    expect(
      guessed('both', { knowledgeChanges: 'stable', teamSkills: 'both', taskType: 'code-house-style' })
        .architecture,
    ).toBe('hybrid');
    const unknown = guessed('unknown', {
      knowledgeChanges: 'stable',
      taskType: 'classification',
      teamSkills: 'neither',
    });
    expect(unknown.architecture).toBe('prompting');
    expect(unknown.basis).toBe('guessed');
    expect(unknown.nextSteps[0]).toContain('knowhow diagnose');
  });

  it('no budget for training runs rules out fine-tuning and hybrid', () => {
    const recommendation = guessed('wrong-behaviour', { trainingRunBudget: 0, teamSkills: 'ml-ops' });
    expect(recommendation.architecture).not.toBe('fine-tuning');
    expect(
      recommendation.excluded.filter((entry) => entry.factor === 'budget').map((entry) => entry.architecture),
    ).toEqual(['fine-tuning', 'hybrid']);
  });
});

describe('measured costs', () => {
  const rows = knowledgeRows;
  const prices = {
    asOf: '2026-10-01',
    currency: 'USD',
    models: { 'gpt-4o-mini': { inputPerMillion: 1, outputPerMillion: 1, trainingPerMillion: 10 } },
  };
  const costs = projectCosts({
    summaries: summarizeVariants(rows),
    prices,
    builtInPrices: false,
    queriesPerDay: 100_000,
    knowledgeChanges: 'weekly',
    // A BM25 index on a disk already paid for and a free training run: only inference differs.
    index: { chunks: 10, embeddingTokens: 0, bytes: 0 },
    tuning: { trainingTokens: 0, epochs: 1 },
  });

  it('names the cheapest architecture at the configured volume with its monthly cost', () => {
    const recommendation = recommend({
      constraints: constraints({ queriesPerDay: 100_000 }),
      failureMode: 'unknown',
      measured: measure(rows, costs),
    });
    const cost = recommendation.reasons.find((reason) => reason.factor === 'cost');
    // tuned (measured, same price, training free): (50 + 10) tokens × $1/1M × 100,000 × 30.4 = $182.40;
    // prompting is measured on few-shot (260 tokens): $790.40; rag and hybrid (180 tokens): $547.20.
    expect(cost?.statement).toContain('At 100,000 queries/day');
    expect(cost?.favours).toEqual(['fine-tuning']);
    expect(cost?.number).toBe('$182.40/month');
    expect(recommendation.reasons.some((reason) => reason.factor === 'query-volume')).toBe(false);
  });

  it('rules out architectures projected over the monthly budget', () => {
    const recommendation = recommend({
      constraints: constraints({ queriesPerDay: 100_000, monthlyBudget: 500 }),
      failureMode: 'unknown',
      measured: measure(rows, costs),
    });
    const budget = recommendation.excluded.filter((entry) => entry.factor === 'budget');
    expect(budget.map((entry) => entry.architecture)).toEqual(['prompting', 'rag', 'hybrid']);
    expect(recommendation.architecture).toBe('fine-tuning');
    expect(recommendation.reasons.find((reason) => reason.factor === 'budget')?.number).toBe('$500.00/month');
  });

  it('does not enforce a constraint that would rule out everything', () => {
    const recommendation = recommend({
      constraints: constraints({ queriesPerDay: 100_000, monthlyBudget: 500, citationsNeeded: true }),
      failureMode: 'unknown',
      measured: measure(rows, costs),
    });
    expect(['rag', 'hybrid']).toContain(recommendation.architecture);
    expect(recommendation.risks.join('\n')).toContain('budget constraint conflicts');
  });
});

describe('determinism', () => {
  it('gives the same recommendation for the same input', () => {
    const input: DecisionInput = {
      constraints: constraints({ trainingExamples: 700 }),
      failureMode: 'both',
      measured: measure([...knowledgeRows, ...behaviourRows]),
    };
    expect(recommend(input)).toEqual(recommend(structuredClone(input)));
  });
});

describe('a run on an answer model that cannot synthesise (extractive)', () => {
  const rows = runScriptedEval({
    model: quotesPassages(
      new Set(
        plantedCases('x', 30)
          .slice(10)
          .map((planted) => planted.id),
      ),
    ),
    cases: plantedCases('x', 30),
    variants: ['prompt', 'few-shot', 'rag', 'oracle'],
    extractive: true,
  });
  const recommendation = recommend({
    constraints: constraints({ citationsNeeded: true }),
    failureMode: 'unknown',
    measured: measure(rows),
  });

  it('rests on retrieval metrics and constraints, and says what a real model run would add', () => {
    const statements = recommendation.reasons.map((reason) => reason.statement).join('\n');
    expect(statements).not.toMatch(/reasoning gap|behaviour gap|lack facts/);
    expect(statements).toContain('Retrieval finds the gold sources');
    expect(
      recommendation.reasons.find((reason) => reason.statement.startsWith('Retrieval finds'))?.number,
    ).toBe('recall 100%');
    expect(recommendation.risks[0]).toContain('The answer model is extractive');
    expect(recommendation.risks[0]).toContain('retrieval metrics and your constraints');
    expect(recommendation.nextSteps[0]).toContain('a real model');
    expect(recommendation.nextSteps[0]).toContain('already knows the answers');
  });
});

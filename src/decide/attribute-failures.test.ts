import { describe, expect, it } from 'vitest';
import type { EvalRow } from '../core/eval-types.js';
import {
  alwaysErrors,
  cannotUseFacts,
  formatsOnlyWithExamples,
  knowsEverythingFormatsPerfectly,
  knowsEverythingIgnoresFormats,
  knowsNothingFormatsPerfectly,
  knowsNothingIgnoresFormats,
  plantedCases,
  quotesPassages,
  runScriptedEval,
} from './__fixtures__/scripted-models.js';
import {
  attributeCase,
  attributeRun,
  type GapLabel,
  gapLabelMeanings,
  gapLabels,
  summarizeAttributions,
} from './attribute-failures.js';

function labels(rows: EvalRow[]): Record<string, GapLabel> {
  return Object.fromEntries(attributeRun(rows).map((attribution) => [attribution.caseId, attribution.label]));
}

describe('planted suite: scripted models with known gaps', () => {
  it('labels every case of a model that knows nothing but formats perfectly as a knowledge gap', () => {
    const cases = plantedCases('nothing', 12);
    const attributions = attributeRun(runScriptedEval({ model: knowsNothingFormatsPerfectly, cases }));
    expect(attributions).toHaveLength(12);
    for (const attribution of attributions) {
      expect(attribution.label).toBe('knowledge-gap');
      expect(attribution.secondary).toEqual([]);
      expect(attribution.passedUnder).toEqual(['rag', 'oracle', 'hybrid']);
    }
  });

  it('labels every case of a model that knows everything but ignores formats as a behaviour gap', () => {
    const cases = plantedCases('format', 12);
    const attributions = attributeRun(runScriptedEval({ model: knowsEverythingIgnoresFormats, cases }));
    for (const attribution of attributions) {
      expect(attribution.label).toBe('behaviour-gap');
      expect(attribution.secondary).toEqual([]);
      expect(attribution.passedUnder).toEqual(['tuned', 'hybrid']);
      expect(attribution.explanation).toContain('tuned passes');
    }
  });

  it('labels a case retrieval-gap exactly when retrieval missed, knowledge-gap otherwise', () => {
    const cases = plantedCases('retrieval', 10);
    const misses = new Set(['retrieval-2', 'retrieval-5', 'retrieval-9']);
    const result = labels(
      runScriptedEval({ model: knowsNothingFormatsPerfectly, cases, retrievalMisses: misses }),
    );
    for (const planted of cases) {
      expect(result[planted.id]).toBe(misses.has(planted.id) ? 'retrieval-gap' : 'knowledge-gap');
    }
  });

  it('labels a model that already passes as no-gap', () => {
    const cases = plantedCases('easy', 5);
    const result = labels(runScriptedEval({ model: knowsEverythingFormatsPerfectly, cases }));
    expect(Object.values(result)).toEqual(Array(5).fill('no-gap'));
  });

  it('labels a model that formats only after examples as prompting-fixes', () => {
    const cases = plantedCases('examples', 5);
    const result = labels(runScriptedEval({ model: formatsOnlyWithExamples, cases }));
    expect(Object.values(result)).toEqual(Array(5).fill('prompting-fixes'));
  });

  it('labels a model that ignores even the gold document as a reasoning gap', () => {
    const cases = plantedCases('reasoning', 4);
    const result = labels(runScriptedEval({ model: cannotUseFacts, cases }));
    expect(Object.values(result)).toEqual(Array(4).fill('reasoning-gap'));
  });

  it('labels a model with both gaps knowledge-gap with behaviour-gap as secondary', () => {
    const cases = plantedCases('both', 4);
    for (const attribution of attributeRun(runScriptedEval({ model: knowsNothingIgnoresFormats, cases }))) {
      expect(attribution.label).toBe('knowledge-gap');
      expect(attribution.secondary).toEqual(['behaviour-gap']);
    }
  });

  it('labels cases whose calls all fail as model-error', () => {
    const cases = plantedCases('down', 3);
    for (const attribution of attributeRun(runScriptedEval({ model: alwaysErrors, cases }))) {
      expect(attribution.label).toBe('model-error');
      expect(attribution.errored).toEqual(['prompt', 'few-shot', 'rag', 'oracle', 'tuned', 'hybrid']);
      expect(attribution.evidence.map((entry) => entry.variant)).toEqual(attribution.errored);
      expect(attribution.evidence[0]?.reason).toContain('connection refused');
      // The explanation quotes each failed row's own error, not a guess at its cause.
      expect(attribution.explanation).toContain('connection refused');
    }
  });

  it('gets every label right on a mixed suite', () => {
    const suites = [
      { prefix: 'n', model: knowsNothingFormatsPerfectly, expected: 'knowledge-gap' },
      { prefix: 'f', model: knowsEverythingIgnoresFormats, expected: 'behaviour-gap' },
      { prefix: 'e', model: knowsEverythingFormatsPerfectly, expected: 'no-gap' },
      { prefix: 'x', model: formatsOnlyWithExamples, expected: 'prompting-fixes' },
      { prefix: 'r', model: cannotUseFacts, expected: 'reasoning-gap' },
      { prefix: 'd', model: alwaysErrors, expected: 'model-error' },
    ] as const;
    const rows = suites.flatMap((suite) =>
      runScriptedEval({ model: suite.model, cases: plantedCases(suite.prefix, 3) }),
    );
    const misses = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: plantedCases('m', 3),
      retrievalMisses: new Set(['m-1', 'm-2', 'm-3']),
    });
    const result = labels([...rows, ...misses]);
    for (const suite of suites) {
      for (let i = 1; i <= 3; i++) expect(result[`${suite.prefix}-${i}`]).toBe(suite.expected);
    }
    for (let i = 1; i <= 3; i++) expect(result[`m-${i}`]).toBe('retrieval-gap');
  });
});

describe('attribution with a subset of variants', () => {
  it('uses rag in place of oracle for a knowledge gap when oracle did not run', () => {
    const rows = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: plantedCases('no-oracle', 1),
      variants: ['prompt', 'rag'],
    });
    const attribution = attributeCase(rows);
    expect(attribution.label).toBe('knowledge-gap');
    expect(attribution.missing).toEqual(['few-shot', 'oracle', 'tuned', 'hybrid']);
    expect(attribution.explanation).toContain('Not run: few-shot, oracle, tuned, hybrid.');
    expect(attribution.evidence.map((entry) => entry.variant)).toEqual(['prompt', 'rag']);
  });

  it('cannot tell knowledge from reasoning without oracle or rag', () => {
    const rows = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: plantedCases('prompt-only', 1),
      variants: ['prompt', 'few-shot'],
    });
    const attribution = attributeCase(rows);
    expect(attribution.label).toBe('unresolved');
    expect(attribution.explanation).toContain('neither oracle nor rag ran');
  });

  it('decides a behaviour gap from the untuned variants that ran', () => {
    const rows = runScriptedEval({
      model: knowsEverythingIgnoresFormats,
      cases: plantedCases('two', 1),
      variants: ['prompt', 'oracle'],
    });
    const attribution = attributeCase(rows);
    expect(attribution.label).toBe('behaviour-gap');
    expect(attribution.evidence.map((entry) => entry.variant)).toEqual(['prompt', 'oracle']);
  });

  it('falls back to few-shot as the no-context evidence when prompt errored', () => {
    const rows = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: plantedCases('flaky', 1),
      overrides: { prompt: alwaysErrors },
    });
    const attribution = attributeCase(rows);
    expect(attribution.label).toBe('knowledge-gap');
    expect(attribution.secondary).toEqual(['model-error']);
    expect(attribution.errored).toEqual(['prompt']);
    expect(attribution.explanation).toContain('Errored (counted as not run): prompt.');
  });

  it('labels model-error when the only decisive row errored', () => {
    const rows = runScriptedEval({
      model: knowsEverythingFormatsPerfectly,
      cases: plantedCases('lone', 1),
      variants: ['prompt'],
      overrides: { prompt: alwaysErrors },
    });
    expect(attributeCase(rows).label).toBe('model-error');
  });
});

describe('precedence and secondary labels', () => {
  it('keeps no-gap primary and reports that rag makes the case worse', () => {
    const rows = runScriptedEval({
      model: knowsEverythingFormatsPerfectly,
      cases: plantedCases('distracted', 1),
      overrides: { rag: knowsNothingFormatsPerfectly },
      retrievalMisses: new Set(['distracted-1']),
    });
    const attribution = attributeCase(rows);
    expect(attribution.label).toBe('no-gap');
    expect(attribution.secondary).toEqual(['retrieval-gap']);
  });

  it('lists the failing checks of each evidence row', () => {
    const rows = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: plantedCases('evidence', 1),
      retrievalMisses: new Set(['evidence-1']),
    });
    const attribution = attributeCase(rows);
    const rag = attribution.evidence.find((entry) => entry.variant === 'rag');
    expect(rag?.passed).toBe(false);
    expect(rag?.reason).toContain('missing "value-evidence-1"');
    expect(rag?.reason).toContain('recall@k 0');
    expect(attribution.explanation).toContain('retrieval missed the gold sources');
  });

  it('leaves a case unresolved when context fixes checks that content did not fail', () => {
    const rows = runScriptedEval({
      model: knowsEverythingIgnoresFormats,
      cases: plantedCases('cite', 1),
      overrides: { rag: knowsEverythingFormatsPerfectly, oracle: knowsEverythingFormatsPerfectly },
    });
    const attribution = attributeCase(rows);
    expect(attribution.label).toBe('unresolved');
    expect(attribution.passedUnder).toContain('rag');
    expect(attribution.explanation).toContain('need the passages in context');
  });

  it('keeps the last row of a variant that ran twice', () => {
    const [first, second] = [
      runScriptedEval({ model: cannotUseFacts, cases: plantedCases('twice', 1), variants: ['prompt'] }),
      runScriptedEval({
        model: knowsEverythingFormatsPerfectly,
        cases: plantedCases('twice', 1),
        variants: ['prompt'],
      }),
    ];
    expect(attributeCase([...first!, ...second!]).label).toBe('no-gap');
  });

  it('refuses rows of two cases or none', () => {
    const rows = runScriptedEval({
      model: cannotUseFacts,
      cases: plantedCases('two-cases', 2),
      variants: ['prompt'],
    });
    expect(() => attributeCase(rows)).toThrow(/two cases/);
    expect(() => attributeCase([])).toThrow(/no rows/);
  });
});

describe('the label list', () => {
  it('is the one list of labels: each once, each with a meaning for people', () => {
    expect(new Set(gapLabels).size).toBe(gapLabels.length);
    expect(Object.keys(gapLabelMeanings).sort()).toEqual([...gapLabels].sort());
    for (const label of gapLabels) expect(gapLabelMeanings[label], label).toMatch(/^\S.{8,}/);
  });
});

describe('summarizeAttributions', () => {
  it('counts labels, shares of all and of failing cases, and needs', () => {
    const rows = [
      ...runScriptedEval({ model: knowsNothingFormatsPerfectly, cases: plantedCases('k', 6) }),
      ...runScriptedEval({ model: knowsEverythingIgnoresFormats, cases: plantedCases('b', 2) }),
      ...runScriptedEval({ model: knowsNothingIgnoresFormats, cases: plantedCases('kb', 2) }),
      ...runScriptedEval({ model: knowsEverythingFormatsPerfectly, cases: plantedCases('ok', 9) }),
      ...runScriptedEval({ model: alwaysErrors, cases: plantedCases('err', 1) }),
    ];
    const summary = summarizeAttributions(attributeRun(rows));
    expect(summary.cases).toBe(20);
    expect(summary.counts).toMatchObject({
      'knowledge-gap': 8,
      'behaviour-gap': 2,
      'no-gap': 9,
      'model-error': 1,
    });
    expect(summary.failing).toBe(10);
    expect(summary.shares['no-gap']).toBeCloseTo(0.45);
    expect(summary.failingShares['knowledge-gap']).toBeCloseTo(0.8);
    expect(summary.failingShares['no-gap']).toBe(0);
    expect(summary.secondaryCounts['behaviour-gap']).toBe(2);
    expect(summary.knowledgeNeeds).toBe(8);
    expect(summary.behaviourNeeds).toBe(4);
    expect(summary.bothNeeds).toBe(2);
    expect(summary.caseIdsByLabel['behaviour-gap']).toEqual(['b-1', 'b-2']);
  });

  it('returns zero shares for an empty run', () => {
    const summary = summarizeAttributions([]);
    expect(summary.cases).toBe(0);
    expect(summary.failing).toBe(0);
    expect(Object.values(summary.shares).every((share) => share === 0)).toBe(true);
  });
});

describe('a case that needs its sources to cite them', () => {
  const row = (variant: EvalRow['variant'], passed: boolean, citationsFail: boolean): EvalRow => ({
    runId: 'r',
    caseId: 'cite-me',
    variant,
    model: 'scripted:m',
    question: 'q',
    answer: 'a',
    checks: [
      { name: 'facts', kind: 'content', verdict: 'pass', reason: '1/1' },
      {
        name: 'citations',
        kind: 'format',
        verdict: citationsFail ? 'fail' : 'pass',
        reason: 'cite: required',
      },
    ],
    verdicts: {
      content: 'pass',
      format: citationsFail ? 'fail' : 'pass',
      grounding: 'skipped',
      retrieval: 'skipped',
    },
    passed,
    retrievedIds: [],
    contextIds: [],
    citations: [],
    usage: { promptTokens: 1, completionTokens: 1 },
    latencyMs: 1,
    costUsd: 0,
    cached: false,
    extractive: false,
    startedAt: '',
  });

  it('is a knowledge gap (retrieval fixes it) when only the required citations fail without context', () => {
    const attribution = attributeCase([
      row('prompt', false, true),
      row('few-shot', false, true),
      row('rag', true, false),
      row('oracle', true, false),
    ]);
    expect(attribution.label).toBe('knowledge-gap');
    expect(attribution.explanation).toContain('required citations');
  });

  it('stays a behaviour gap when citations fail everywhere, even with passages', () => {
    const attribution = attributeCase([
      row('prompt', false, true),
      row('rag', false, true),
      row('oracle', false, true),
    ]);
    expect(attribution.label).toBe('behaviour-gap');
  });
});

describe('the oracle reads as the case’s reader', () => {
  it('reports a case whose reader may not read its sources as unanswerable, not as a gap', () => {
    const [planted] = plantedCases('internal', 1);
    // Asked as public about an internal document: retrieval (as public) cannot find it.
    const rows = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: [planted!],
      variants: ['prompt', 'rag', 'oracle'],
      retrievalMisses: new Set([planted!.id]),
    }).map((row) =>
      row.variant === 'oracle'
        ? {
            ...row,
            answer: '',
            checks: [],
            verdicts: {
              content: 'skipped',
              format: 'skipped',
              grounding: 'skipped',
              retrieval: 'skipped',
            } as const,
            passed: false,
            unanswerable: {
              reader: ['public'],
              sources: [{ documentId: 'billing/internal.md', groups: ['support'] }],
            },
          }
        : row,
    );
    const attribution = attributeCase(rows);
    expect(attribution.label).toBe('unanswerable');
    expect(attribution.secondary).toEqual([]);
    expect(attribution.explanation).toContain(
      'Unanswerable as public: billing/internal.md is restricted to support',
    );
    const summary = summarizeAttributions([attribution]);
    expect(summary.failing).toBe(0);
    expect(summary.knowledgeNeeds).toBe(0);
  });
});

describe('cases that pass under rag', () => {
  it('are never reasoning gaps, even when the oracle’s passages fail', () => {
    const [planted] = plantedCases('rag-only', 1);
    const rows = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: [planted!],
      variants: ['prompt', 'rag', 'oracle'],
      // The oracle's passages miss the fact (a different chunk of the gold document was packed).
      overrides: { oracle: () => 'Answer: I do not know.' },
    });
    const attribution = attributeCase(rows);
    expect(attribution.passedUnder).toEqual(['rag']);
    expect(attribution.label).toBe('knowledge-gap');
    expect(attribution.secondary).not.toContain('reasoning-gap');
    expect(attribution.explanation).toContain('passes under rag');
  });
});

describe('an answer model that cannot synthesise (extractive)', () => {
  const cases = plantedCases('quote', 4);
  const rows = runScriptedEval({
    model: quotesPassages(new Set(['quote-3', 'quote-4'])),
    cases,
    variants: ['prompt', 'few-shot', 'rag', 'oracle'],
    extractive: true,
  });
  const attributions = attributeRun(rows);

  it('says so instead of blaming the model for reasoning or behaviour it was never able to show', () => {
    const byCase = Object.fromEntries(attributions.map((attribution) => [attribution.caseId, attribution]));
    // Retrieval delivers a quotable answer: what the run measures is that retrieval supplies the facts.
    expect(byCase['quote-1']?.label).toBe('knowledge-gap');
    expect(byCase['quote-1']?.secondary).toEqual([]);
    expect(byCase['quote-1']?.explanation).toContain('extractive');
    expect(byCase['quote-1']?.explanation).toContain('not whether your model');
    // Needs an answer written, not quoted: not a reasoning gap of the team's model.
    expect(byCase['quote-3']?.label).toBe('unmeasured');
    expect(byCase['quote-3']?.explanation).toContain('cannot write an answer');
    expect(attributions.some((attribution) => attribution.label === 'reasoning-gap')).toBe(false);
    expect(attributions.some((attribution) => attribution.secondary.includes('behaviour-gap'))).toBe(false);
  });

  it('counts the cases attributed on such a model', () => {
    const summary = summarizeAttributions(attributions);
    expect(summary.extractiveCases).toBe(4);
    expect(summary.counts.unmeasured).toBe(2);
  });
});

describe('primary and secondary labels', () => {
  it('makes content right and format wrong under every untuned variant a behaviour gap, first', () => {
    const rows = runScriptedEval({
      model: knowsEverythingIgnoresFormats,
      cases: plantedCases('fmt', 2),
      retrievalMisses: new Set(['fmt-1']),
    });
    for (const attribution of attributeRun(rows)) {
      expect(attribution.label).toBe('behaviour-gap');
      expect(attribution.secondary).toEqual([]);
    }
  });
});

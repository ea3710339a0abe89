import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../core/case-types.js';
import type { LanguageModel } from '../../providers/spec.js';
import { createScriptedJudge } from './__fixtures__/scripted-judge.js';
import { resolveCheckThresholds, runChecks } from './run-checks.js';
import { summarizeVerdicts } from './summarize-verdicts.js';

/** One scripted reply per kind of question the checks ask the judge. */
function scriptedJudge(replies: { correctness?: string; style?: string; support?: string }) {
  return createScriptedJudge((request) => {
    const system = request.messages[0]?.content ?? '';
    const text = system.includes('style rubric')
      ? replies.style
      : system.includes('supported by the passages')
        ? replies.support
        : replies.correctness;
    return text ?? 'no script';
  });
}

const refundCase: TestCase = {
  id: 'refund-window',
  question: 'How long do customers have to ask for a refund?',
  answer: '30 days from the purchase date.',
  facts: ['30 days'],
  sources: ['billing/refunds.md'],
  format: { maxWords: 60, cite: 'required' },
  user: { groups: ['support'] },
  tags: ['billing'],
  split: 'eval',
  origin: { file: 'cases/billing.yaml', line: 1 },
};

const context = [{ marker: 1, text: 'Refunds can be requested within 30 days of the purchase date.' }];
const citations = [{ marker: 1, chunkId: 'billing/refunds.md#0', valid: true }];
const goodAnswer = 'Customers can request a refund within 30 days of the purchase date [1].';

describe('runChecks', () => {
  it('runs every kind of check on a good RAG answer without a judge', async () => {
    const checks = await runChecks({
      testCase: refundCase,
      answer: goodAnswer,
      citations,
      context,
      retrievedDocumentIds: ['billing/refunds.md', 'faq.md'],
      k: 5,
    });
    expect(checks.map((check) => [check.kind, check.name, check.verdict])).toEqual([
      ['content', 'facts', 'pass'],
      ['content', 'token-f1', 'skipped'],
      ['content', 'exact-match', 'skipped'],
      ['format', 'max-words', 'pass'],
      ['format', 'citations', 'pass'],
      ['grounding', 'citation-targets', 'pass'],
      ['grounding', 'sentence-support', 'pass'],
      ['retrieval', 'recall@k', 'pass'],
      ['retrieval', 'mrr@k', 'skipped'],
      ['retrieval', 'ndcg@k', 'skipped'],
    ]);
    expect(summarizeVerdicts(checks)).toEqual({
      content: 'pass',
      format: 'pass',
      grounding: 'pass',
      retrieval: 'pass',
    });
  });

  it('scores a prompt-only answer: no retrieval, uncited, wrong', async () => {
    const checks = await runChecks({
      testCase: refundCase,
      answer: 'Two weeks.',
      citations: [],
      context: [],
      k: 5,
    });
    expect(summarizeVerdicts(checks)).toEqual({
      content: 'fail',
      format: 'fail',
      grounding: 'fail',
      retrieval: 'skipped',
    });
    expect(checks.find((check) => check.name === 'facts')?.reason).toBe(
      '0/1 facts present; missing: "30 days"',
    );
  });

  it('lets the judge decide correctness and style, and reports its verdicts', async () => {
    const judge = scriptedJudge({
      correctness: '{"verdict": "incorrect", "reason": "says 30 days but the policy excludes sale items"}',
      style: 'Sure! {"verdict": "pass", "reason": "formal"}',
      support: '{"verdict": "supported", "reason": "stated in the passage"}',
    });
    const checks = await runChecks({
      testCase: { ...refundCase, format: { ...refundCase.format, style: 'Formal, one sentence.' } },
      answer: goodAnswer,
      citations,
      context,
      k: 5,
      judge,
    });
    const byName = new Map(checks.map((check) => [check.name, check]));
    expect(byName.get('judge-correctness')).toEqual({
      name: 'judge-correctness',
      kind: 'content',
      verdict: 'fail',
      score: 0,
      reason: 'judge test:judge: incorrect — says 30 days but the policy excludes sale items',
    });
    expect(byName.get('style')).toMatchObject({ verdict: 'pass', reason: 'judge test:judge: pass — formal' });
    expect(byName.get('sentence-support')).toMatchObject({
      verdict: 'pass',
      reason: '1/1 cited sentence(s) supported (judge test:judge)',
    });
    expect(summarizeVerdicts(checks).content).toBe('fail');
    const correctnessPrompt = judge.requests.find((request) =>
      request.messages[0]?.content.includes('grade answers'),
    );
    expect(correctnessPrompt?.messages[1]?.content).toContain('REFERENCE:\n30 days from the purchase date.');
  });

  it('lets a configured judge decide content: lexical scores under their thresholds stay informational', async () => {
    const judge = scriptedJudge({
      correctness: '{"verdict": "correct", "reason": "a month is the same window as 30 days"}',
    });
    const paraphrase =
      'You may ask for your money back for a whole month after buying, as the billing policy explains.';
    const checks = await runChecks({
      testCase: { ...refundCase, format: {} },
      answer: paraphrase,
      citations: [],
      context: [],
      k: 5,
      judge,
    });
    const byName = new Map(checks.map((check) => [check.name, check]));
    expect(byName.get('judge-correctness')?.verdict).toBe('pass');
    expect(byName.get('facts')).toMatchObject({ verdict: 'skipped', score: 0 });
    expect(byName.get('facts')?.reason).toContain('informational: the judge decides');
    expect(summarizeVerdicts(checks).content).toBe('pass');

    // Without facts, token F1 below its threshold is informational too.
    const f1Only = await runChecks({
      testCase: { ...refundCase, facts: [], format: {} },
      answer: paraphrase,
      citations: [],
      context: [],
      k: 5,
      judge,
    });
    const f1 = f1Only.find((check) => check.name === 'token-f1');
    expect(f1?.verdict).toBe('skipped');
    expect(f1?.score).toBeLessThan(0.5);
    expect(f1?.reason).toContain('informational: the judge decides');
    expect(summarizeVerdicts(f1Only).content).toBe('pass');
  });

  it('falls back to the lexical checks when the judge gives no verdict', async () => {
    const judge = scriptedJudge({ correctness: 'no idea' });
    const checks = await runChecks({
      testCase: { ...refundCase, format: {} },
      answer: 'Two weeks.',
      citations: [],
      context: [],
      k: 5,
      judge,
    });
    expect(checks.find((check) => check.name === 'facts')?.verdict).toBe('fail');
    expect(summarizeVerdicts(checks).content).toBe('fail');
  });

  it('applies the configured thresholds and resolves the ones left out to their defaults', async () => {
    expect(resolveCheckThresholds({ f1: 0.3 })).toEqual({
      f1: 0.3,
      support: 0.5,
      supportedShare: 1,
      recall: 0.5,
    });
    const checks = await runChecks({
      testCase: { ...refundCase, facts: [], format: {}, sources: ['a.md', 'b.md'] },
      answer: 'Refunds: 30 days from purchase, no questions asked, for every plan we sell.',
      citations: [],
      context: [],
      retrievedDocumentIds: ['a.md', 'x.md'],
      k: 5,
      thresholds: { f1: 0.3, recall: 1 },
    });
    const byName = new Map(checks.map((check) => [check.name, check]));
    expect(byName.get('token-f1')).toMatchObject({ verdict: 'pass' });
    expect(byName.get('token-f1')?.reason).toContain('threshold 0.3');
    expect(byName.get('recall@k')).toMatchObject({ verdict: 'fail', score: 0.5 });
  });

  it('reports a judge returning garbage as skipped with the reason, never as pass or fail', async () => {
    const judge = scriptedJudge({
      correctness: 'Looks fine to me!',
      style: '{"verdict": "maybe"}',
      support: '???',
    });
    const checks = await runChecks({
      testCase: { ...refundCase, format: { style: 'Formal.' } },
      answer: goodAnswer,
      citations,
      context,
      k: 5,
      judge,
    });
    const byName = new Map(checks.map((check) => [check.name, check]));
    expect(byName.get('judge-correctness')).toEqual({
      name: 'judge-correctness',
      kind: 'content',
      verdict: 'skipped',
      reason:
        'judge test:judge returned an unparseable verdict (expected JSON with "verdict": correct|incorrect): "Looks fine to me!"',
    });
    expect(byName.get('style')?.verdict).toBe('skipped');
    expect(byName.get('style')?.reason).toContain('returned an unparseable verdict');
    // Sentence support falls back to lexical overlap and says why.
    const support = byName.get('sentence-support');
    expect(support?.verdict).toBe('pass');
    expect(support?.reason).toContain(
      'sentence 1 judged lexically because judge test:judge returned an unparseable verdict',
    );
    expect(summarizeVerdicts(checks).content).toBe('pass');
  });

  it('uses token F1 when there are no facts, and the facts as the judge reference when there is no answer', async () => {
    const noFacts = await runChecks({
      testCase: { ...refundCase, facts: [], format: {} },
      answer: '30 days from the purchase date.',
      citations: [],
      context: [],
      k: 5,
    });
    expect(noFacts.find((check) => check.name === 'token-f1')).toMatchObject({ verdict: 'pass', score: 1 });

    const judge = scriptedJudge({ correctness: '{"verdict":"correct","reason":"states it"}' });
    const { answer: _omitted, ...withoutAnswer } = refundCase;
    await runChecks({
      testCase: { ...withoutAnswer, format: {} },
      answer: '30 days',
      citations: [],
      context: [],
      k: 5,
      judge,
    });
    expect(judge.requests[0]?.messages[1]?.content).toContain('REFERENCE:\nThe answer must state: 30 days');
  });

  it('propagates cancellation', async () => {
    const controller = new AbortController();
    const judge: LanguageModel = {
      ...scriptedJudge({}),
      async doGenerate() {
        controller.abort();
        throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      },
    };
    await expect(
      runChecks({
        testCase: refundCase,
        answer: goodAnswer,
        citations,
        context,
        k: 5,
        judge,
        signal: controller.signal,
      }),
    ).rejects.toThrow('aborted');
  });
});

describe('summarizeVerdicts', () => {
  it('fails a kind if any check failed, passes if any passed, else skips', () => {
    expect(
      summarizeVerdicts([
        { name: 'a', kind: 'content', verdict: 'pass', reason: '' },
        { name: 'b', kind: 'content', verdict: 'fail', reason: '' },
        { name: 'c', kind: 'format', verdict: 'skipped', reason: '' },
        { name: 'd', kind: 'format', verdict: 'pass', reason: '' },
        { name: 'e', kind: 'grounding', verdict: 'skipped', reason: '' },
      ]),
    ).toEqual({ content: 'fail', format: 'pass', grounding: 'skipped', retrieval: 'skipped' });
  });
});

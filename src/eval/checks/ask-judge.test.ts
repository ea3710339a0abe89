import { describe, expect, it } from 'vitest';
import { KnowhowError } from '../../core/errors.js';
import { createScriptedJudge } from './__fixtures__/scripted-judge.js';
import { askJudge, askJudgeForEach, parseJudgeVerdict, parseJudgeVerdicts } from './ask-judge.js';

const verdicts = ['correct', 'incorrect'] as const;

describe('parseJudgeVerdict', () => {
  it('reads bare JSON, fenced JSON and JSON inside prose, case-insensitively', () => {
    expect(parseJudgeVerdict('{"verdict":"correct","reason":"same facts"}', verdicts)).toEqual({
      ok: true,
      verdict: 'correct',
      reason: 'same facts',
    });
    expect(
      parseJudgeVerdict('```json\n{"verdict": "Incorrect", "reason": "wrong number"}\n```', verdicts),
    ).toMatchObject({
      ok: true,
      verdict: 'incorrect',
    });
    expect(
      parseJudgeVerdict(
        'Let me think {not json}. Final: {"reason": "has \\"}\\" inside", "verdict": "correct"}',
        verdicts,
      ),
    ).toEqual({ ok: true, verdict: 'correct', reason: 'has "}" inside' });
    expect(parseJudgeVerdict('{"verdict":"correct"}', verdicts)).toMatchObject({ reason: 'no reason given' });
  });

  it('reports garbage and unknown verdicts with the start of the reply', () => {
    const garbage = parseJudgeVerdict('I think it is mostly right, maybe.', verdicts, 'test:judge');
    expect(garbage).toEqual({
      ok: false,
      reason:
        'judge test:judge returned an unparseable verdict (expected JSON with "verdict": correct|incorrect): "I think it is mostly right, maybe."',
    });
    const unknown = parseJudgeVerdict('{"verdict":"partially"}', verdicts);
    expect(unknown.ok).toBe(false);
    const long = parseJudgeVerdict('x'.repeat(500), verdicts);
    expect(long.ok ? '' : long.reason).toContain(`"${'x'.repeat(120)}…"`);
  });
});

describe('askJudge', () => {
  it('asks for JSON through structured output when the judge supports it, at temperature 0', async () => {
    const judge = createScriptedJudge(() => '{"verdict":"correct","reason":"ok"}', { jsonSchema: true });
    const outcome = await askJudge({ judge, system: 'Grade.', prompt: 'Q/A', verdicts });
    expect(outcome).toEqual({ ok: true, verdict: 'correct', reason: 'ok' });
    const request = judge.requests[0];
    expect(request?.temperature).toBe(0);
    expect(request?.jsonSchema?.schema).toMatchObject({
      properties: { verdict: { enum: ['correct', 'incorrect'] } },
    });
    expect(request?.messages[0]?.content).toContain('Reply with one JSON object');
  });

  it('asks in the prompt alone when structured output is not supported', async () => {
    const judge = createScriptedJudge(() => '{"verdict":"incorrect","reason":"no"}');
    await askJudge({ judge, system: 'Grade.', prompt: 'Q/A', verdicts });
    expect(judge.requests[0]?.jsonSchema).toBeUndefined();
    expect(judge.requests[0]?.messages[0]?.content).toContain('{"verdict": "correct" or "incorrect"');
  });

  it('turns a failed call into an outcome with the reason, but lets cancellation through', async () => {
    const failing = createScriptedJudge(() => {
      throw new KnowhowError('PROVIDER_UNAVAILABLE', 'connection refused');
    });
    expect(await askJudge({ judge: failing, system: 's', prompt: 'p', verdicts })).toEqual({
      ok: false,
      reason: 'judge test:judge call failed: connection refused',
    });
    const cancelled = createScriptedJudge(() => {
      throw new KnowhowError('CANCELLED', 'The operation was cancelled.');
    });
    await expect(askJudge({ judge: cancelled, system: 's', prompt: 'p', verdicts })).rejects.toThrow(
      'cancelled',
    );
  });

  it('refuses an extractive model as judge without calling it', async () => {
    const judge = createScriptedJudge(() => 'unused', { extractive: true });
    const outcome = await askJudge({ judge, system: 's', prompt: 'p', verdicts });
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.reason).toContain('is extractive and cannot grade');
    expect(judge.requests).toEqual([]);
  });
});

describe('askJudgeForEach / parseJudgeVerdicts', () => {
  it('reads one verdict per numbered item, in order, and names each item it could not read', () => {
    const outcomes = parseJudgeVerdicts(
      '```json\n{"items": [{"item": 2, "verdict": "FAIL", "reason": "wrong"}, {"item": 1, "verdict": "pass"}, {"item": 3, "verdict": "maybe"}]}\n```',
      ['pass', 'fail'] as const,
      4,
      'test:judge',
    );
    expect(outcomes).toEqual([
      { ok: true, verdict: 'pass', reason: 'no reason given' },
      { ok: true, verdict: 'fail', reason: 'wrong' },
      { ok: false, reason: 'judge test:judge gave no usable verdict for item 3' },
      { ok: false, reason: 'judge test:judge gave no usable verdict for item 4' },
    ]);
  });

  it('asks for structured output where the provider has it, and turns a failed call into one reason per item', async () => {
    const judge = createScriptedJudge(() => '{"items": [{"item": 1, "verdict": "pass", "reason": "ok"}]}', {
      jsonSchema: true,
    });
    const outcomes = await askJudgeForEach({
      judge,
      system: 'Grade.',
      prompt: '1. x',
      verdicts: ['pass', 'fail'] as const,
      count: 1,
    });
    expect(outcomes).toEqual([{ ok: true, verdict: 'pass', reason: 'ok' }]);
    expect(judge.requests[0]?.jsonSchema?.name).toBe('verdicts');
    const failing = createScriptedJudge(() => {
      throw new Error('socket hang up');
    });
    const failed = await askJudgeForEach({
      judge: failing,
      system: 'Grade.',
      prompt: '1. x\n2. y',
      verdicts: ['pass'] as const,
      count: 2,
    });
    expect(failed).toEqual([
      { ok: false, reason: 'judge test:judge call failed: socket hang up' },
      { ok: false, reason: 'judge test:judge call failed: socket hang up' },
    ]);
  });
});

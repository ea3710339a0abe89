import { describe, expect, it } from 'vitest';
import {
  checkFormat,
  checkJsonSchema,
  checkRegex,
  countWords,
  judgeStyle,
  parseJsonAnswer,
} from './format-checks.js';

const planSchema = {
  type: 'object',
  required: ['steps'],
  properties: { steps: { type: 'array', items: { type: 'string' }, minItems: 1 } },
  additionalProperties: false,
};

describe('countWords', () => {
  it('counts whitespace words, not citation markers or bare punctuation', () => {
    expect(countWords('Refunds take 30 days [1] — from purchase [2, 3].')).toBe(6);
    expect(countWords('   ')).toBe(0);
  });
});

describe('checkFormat', () => {
  it('checks only the constraints the case sets, with the numbers in the reason', () => {
    expect(checkFormat({ answer: 'one two three', format: {}, citations: [] })).toEqual([]);
    expect(
      checkFormat({ answer: 'one two three four', format: { maxWords: 3, minWords: 2 }, citations: [] }),
    ).toEqual([
      { name: 'max-words', kind: 'format', verdict: 'fail', score: 4, reason: '4 words; at most 3 allowed' },
      {
        name: 'min-words',
        kind: 'format',
        verdict: 'pass',
        score: 4,
        reason: '4 words; at least 2 required',
      },
    ]);
  });

  it('requires at least one valid citation when cite is required', () => {
    const check = (answer: string, valid: boolean) =>
      checkFormat({
        answer,
        format: { cite: 'required' },
        citations: [{ marker: 1, chunkId: 'a#0', valid }],
        contextMarkers: new Set(valid ? [1] : []),
      })[0];
    expect(check('Thirty days [1].', true)).toMatchObject({
      verdict: 'pass',
      reason: '1 valid citation(s): [1]',
    });
    expect(check('Thirty days.', true)).toMatchObject({
      verdict: 'fail',
      reason: 'citations are required but the answer has none',
    });
    expect(check('Thirty days [1].', false)).toMatchObject({
      verdict: 'fail',
      reason: 'citations are required but none of [1] names a given passage',
    });
  });

  it('fails any marker when citations are forbidden', () => {
    const [result] = checkFormat({ answer: 'Yes [2][3].', format: { cite: 'forbidden' }, citations: [] });
    expect(result).toMatchObject({
      verdict: 'fail',
      reason: 'citations are forbidden but the answer has 2: [2], [3]',
    });
    expect(checkFormat({ answer: 'Yes.', format: { cite: 'forbidden' }, citations: [] })[0]?.verdict).toBe(
      'pass',
    );
    expect(checkFormat({ answer: 'Yes [1].', format: { cite: 'optional' }, citations: [] })).toEqual([]);
  });
});

describe('checkRegex', () => {
  it('matches the whole answer, with or without citation markers', () => {
    expect(checkRegex('30 days', '\\d+ days').verdict).toBe('pass');
    expect(checkRegex('30 days [1]', '\\d+ days').verdict).toBe('pass');
    expect(checkRegex('About 30 days', '\\d+ days')).toMatchObject({
      verdict: 'fail',
      reason: 'the answer does not match /\\d+ days/ as a whole',
    });
    expect(checkRegex('line one\nline two', 'line.*two').verdict).toBe('pass');
  });

  it('is skipped, not failed, when the pattern itself is broken', () => {
    expect(checkRegex('x', '(')).toMatchObject({ verdict: 'skipped' });
    expect(checkRegex('x', '(').reason).toContain("the case's regex is invalid");
  });
});

describe('checkJsonSchema', () => {
  it('accepts valid JSON, also inside a ```json fence', () => {
    expect(checkJsonSchema('{"steps": ["a"]}', planSchema).verdict).toBe('pass');
    expect(checkJsonSchema('```json\n{"steps": ["a", "b"]}\n```', planSchema).verdict).toBe('pass');
  });

  it('fails non-JSON with the parser message and invalid JSON with the first Ajv errors', () => {
    const notJson = checkJsonSchema('Here is the plan: step one.', planSchema);
    expect(notJson.verdict).toBe('fail');
    expect(notJson.reason).toMatch(
      /^the answer is not JSON: .*\(answer starts "Here is the plan: step one\."\)$/,
    );
    const invalid = checkJsonSchema('{"steps": [1, "b"], "extra": 1, "more": 2}', planSchema);
    expect(invalid).toMatchObject({ verdict: 'fail' });
    expect(invalid.reason).toBe(
      'the answer\'s JSON breaks the schema: (root): must NOT have additional properties "extra"; (root): must NOT have additional properties "more"; /steps/0: must be string',
    );
  });

  it('is skipped when the case schema is itself invalid', () => {
    const result = checkJsonSchema('{}', { type: 'objekt' });
    expect(result.verdict).toBe('skipped');
    expect(result.reason).toContain("the case's JSON Schema is invalid");
  });

  it('parseJsonAnswer says when the answer is empty', () => {
    expect(parseJsonAnswer('  ')).toEqual({ ok: false, message: 'it is empty' });
  });
});

describe('judgeStyle', () => {
  it('is skipped with a reason when no judge is configured', async () => {
    const result = await judgeStyle({ judge: undefined, rubric: 'formal', question: 'q', answer: 'a' });
    expect(result).toMatchObject({ name: 'style', kind: 'format', verdict: 'skipped' });
    expect(result.reason).toContain('no judge model configured');
  });
});

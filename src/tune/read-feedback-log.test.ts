import { describe, expect, it } from 'vitest';
import { parseFeedbackLog, trainingAnswerOf } from './read-feedback-log.js';

const entry = (fields: Record<string, unknown>) =>
  JSON.stringify({
    id: 'f1',
    createdAt: '2026-11-01T00:00:00Z',
    rating: 'up',
    question: 'Q?',
    answer: 'A.',
    groups: [],
    ...fields,
  });

describe('parseFeedbackLog', () => {
  it('reads entries, reports malformed lines by number and skips repeated ids', () => {
    const log = parseFeedbackLog(
      [
        entry({}),
        '{not json',
        entry({ id: 'f2', rating: 'meh' }),
        entry({}),
        entry({ id: 'f3', rating: 'down', correctedAnswer: 'Better.' }),
      ].join('\n'),
    );
    expect(log.entries.map((e) => e.id)).toEqual(['f1', 'f3']);
    expect(log.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(log.problems[1]!.message).toContain('rating');
  });

  it('uses a correction over the answer, accepted answers as is, and drops rejected ones', () => {
    const [up, corrected, down] = parseFeedbackLog(
      [
        entry({}),
        entry({ id: 'f2', rating: 'down', correctedAnswer: 'Fixed.' }),
        entry({ id: 'f3', rating: 'down' }),
      ].join('\n'),
    ).entries;
    expect(trainingAnswerOf(up!)).toBe('A.');
    expect(trainingAnswerOf(corrected!)).toBe('Fixed.');
    expect(trainingAnswerOf(down!)).toBeUndefined();
  });
});

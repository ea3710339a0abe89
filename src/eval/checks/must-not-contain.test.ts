import { describe, expect, it } from 'vitest';
import { checkMustNotContain, findForbidden } from './must-not-contain.js';

describe('checkMustNotContain', () => {
  it('is skipped when the case lists nothing', () => {
    expect(checkMustNotContain('anything', undefined).verdict).toBe('skipped');
    expect(checkMustNotContain('anything', []).verdict).toBe('skipped');
  });

  it('fails an answer that states a ruled-out text, matched like a fact (case, punctuation, whole words)', () => {
    const result = checkMustNotContain('The link is valid for **7 Days**. [1]', [
      { text: 'valid for 7 days' },
    ]);
    expect(result).toMatchObject({ name: 'must-not-contain', kind: 'content', verdict: 'fail', score: 0 });
    expect(result.reason).toContain('"valid for 7 days"');
    // Whole words: "17 days" is not "7 days".
    expect(checkMustNotContain('valid for 17 days', [{ text: 'valid for 7 days' }]).verdict).toBe('pass');
  });

  it('runs regexes on the answer without citation markers, case-insensitively by default', () => {
    const entries = [{ regex: '\\bare retried 5 times over', flags: 'i' }];
    expect(checkMustNotContain('Deliveries ARE retried [2] 5 times over 6 hours.', entries).verdict).toBe(
      'fail',
    );
    expect(checkMustNotContain('It used to be 5 times over 6 hours.', entries).verdict).toBe('pass');
    expect(
      checkMustNotContain('They Are Retried 5 times over', [{ regex: 'are retried', flags: '' }]).verdict,
    ).toBe('pass');
  });

  it('names every entry found and scores the share avoided', () => {
    const entries = [{ text: '300' }, { regex: 'Growth"[^{}]*:\\s*60\\b', flags: 'i' }, { text: '999' }];
    const answer =
      '[{"plan": "Growth", "requestsPerMinute": 60}, {"plan": "Enterprise", "requestsPerMinute": 300}]';
    expect(findForbidden(answer, entries)).toEqual(entries.slice(0, 2));
    const result = checkMustNotContain(answer, entries);
    expect(result.score).toBeCloseTo(1 / 3);
    expect(result.reason).toBe('states what the case rules out: "300", /Growth"[^{}]*:\\s*60\\b/i');
  });
});

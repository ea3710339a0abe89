import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../core/text/count-tokens.js';
import { validateMessages } from './validate-messages.js';

const ok = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Question?' },
  { role: 'assistant', content: 'Answer.' },
];

describe('validateMessages', () => {
  it('accepts system + alternating user/assistant ending with the answer', () => {
    expect(validateMessages(ok)).toBeNull();
    expect(validateMessages(ok.slice(1))).toBeNull();
  });

  it('names the message with a wrong role', () => {
    expect(validateMessages([{ role: 'bot', content: 'x' }])?.detail).toContain('message 1 has role "bot"');
    expect(validateMessages([ok[0], ok[2], ok[1]])).toMatchObject({
      reason: 'invalid-roles',
      detail: expect.stringContaining('message 2 is "assistant" where "user" was expected'),
    });
    expect(validateMessages([ok[1], ok[2], ok[0]])?.detail).toBe('a system message may only come first');
    expect(validateMessages([ok[0], ok[1]])?.detail).toContain(
      'the last message must be the assistant answer',
    );
  });

  it('rejects empty turns, naming the message', () => {
    expect(validateMessages([ok[1], { role: 'assistant', content: '  ' }])).toEqual({
      reason: 'empty-turn',
      detail: 'message 2 (assistant) is empty',
    });
  });

  it('rejects examples over the token limit with the count', () => {
    const long = [ok[1], { role: 'assistant', content: 'word '.repeat(200) }];
    const problem = validateMessages(long, { maxTokens: 100, countTokens: estimateTokens });
    expect(problem?.reason).toBe('too-long');
    expect(problem?.detail).toMatch(/^\d+ tokens, over the limit of 100$/);
  });
});

import { describe, expect, it } from 'vitest';
import { chatRequestSchema, readConversation } from './chat-request.js';

describe('readConversation', () => {
  it('splits system prompts, prior exchanges and the question', () => {
    const request = chatRequestSchema.parse({
      model: 'rag',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'First question' },
        { role: 'assistant', content: 'First answer' },
        { role: 'developer', content: 'Cite sources.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Second ' },
            { type: 'text', text: 'question' },
          ],
        },
      ],
    });
    expect(readConversation(request.messages)).toEqual({
      question: 'Second question',
      systemPrompt: 'Be brief.\n\nCite sources.',
      history: [{ question: 'First question', answer: 'First answer' }],
    });
  });

  it('joins consecutive user turns into the question', () => {
    const { messages } = chatRequestSchema.parse({
      model: 'rag',
      messages: [
        { role: 'user', content: 'Context: I am on the Team plan.' },
        { role: 'user', content: 'Can I get a refund?' },
      ],
    });
    expect(readConversation(messages).question).toBe(
      'Context: I am on the Team plan.\n\nCan I get a refund?',
    );
  });

  it('refuses assistant prefill and empty questions', () => {
    const parse = (messages: unknown[]) => chatRequestSchema.parse({ model: 'rag', messages }).messages;
    expect(() =>
      readConversation(
        parse([
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a' },
        ]),
      ),
    ).toThrow(/last turn/);
    expect(() => readConversation(parse([{ role: 'user', content: '   ' }]))).toThrow(/empty/);
  });

  it('ignores fields it does not use, as OpenAI does', () => {
    const parsed = chatRequestSchema.safeParse({
      model: 'rag',
      messages: [{ role: 'user', content: 'q' }],
      top_p: 0.9,
      user: 'someone',
      seed: 4,
    });
    expect(parsed.success).toBe(true);
  });
});

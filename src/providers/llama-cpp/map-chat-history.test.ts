import { describe, expect, it } from 'vitest';
import { mapChatHistory } from './map-chat-history.js';

describe('mapChatHistory', () => {
  it('maps system, few-shot and user messages and ends with an empty model turn', () => {
    expect(
      mapChatHistory([
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'A1' },
        { role: 'user', content: 'Q2' },
      ]),
    ).toEqual([
      { type: 'system', text: 'Answer briefly.' },
      { type: 'user', text: 'Q1' },
      { type: 'model', response: ['A1'] },
      { type: 'user', text: 'Q2' },
      { type: 'model', response: [] },
    ]);
  });

  it('treats a final assistant message as a prefill the model continues', () => {
    expect(
      mapChatHistory([
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: '{"answer": ' },
      ]),
    ).toEqual([
      { type: 'user', text: 'Q' },
      { type: 'model', response: ['{"answer": '] },
    ]);
  });
});

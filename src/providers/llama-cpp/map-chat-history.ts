import type { ChatHistoryItem } from 'node-llama-cpp';
import type { ChatMessage } from '../spec.js';

/**
 * Maps the request's messages to node-llama-cpp's chat history, ending in the model turn to
 * generate. A final assistant message is a prefill: the model continues it.
 */
export function mapChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history = messages.map((message): ChatHistoryItem => {
    if (message.role === 'assistant') return { type: 'model', response: [message.content] };
    return { type: message.role, text: message.content };
  });
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

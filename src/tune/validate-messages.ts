import type { TokenCounter } from '../core/text/count-tokens.js';
import type { DropReason, TrainingMessage } from './training-types.js';

/**
 * The rules every chat training example must meet — the same ones the hosted engines enforce
 * on upload (roles, turn order, no empty turns) plus the length limit of the target model.
 * Works on raw parsed JSON too, so exported files can be re-checked line by line.
 */

/** Chat-template framing per message (role header, separators): ~4 tokens on ChatML and Llama 3. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export interface MessageProblem {
  reason: DropReason;
  detail: string;
}

const roles = new Set(['system', 'user', 'assistant']);

export function countExampleTokens(messages: readonly TrainingMessage[], countTokens: TokenCounter): number {
  let total = 2;
  for (const message of messages) total += countTokens(message.content) + MESSAGE_OVERHEAD_TOKENS;
  return total;
}

export interface ValidateMessagesOptions {
  maxTokens?: number;
  countTokens?: TokenCounter;
}

export function validateMessages(
  value: unknown,
  options: ValidateMessagesOptions = {},
): MessageProblem | null {
  const invalid = (detail: string): MessageProblem => ({ reason: 'invalid-roles', detail });
  if (!Array.isArray(value) || value.length === 0) return invalid('"messages" must be a non-empty list');
  const messages: TrainingMessage[] = [];
  for (const [position, item] of value.entries()) {
    const number = position + 1;
    if (typeof item !== 'object' || item === null) return invalid(`message ${number} is not an object`);
    const { role, content } = item as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !roles.has(role)) {
      return invalid(`message ${number} has role ${JSON.stringify(role)}; allowed: system, user, assistant`);
    }
    if (typeof content !== 'string') return invalid(`message ${number} (${role}) has no text content`);
    messages.push({ role: role as TrainingMessage['role'], content });
  }
  let position = 0;
  if (messages[0]?.role === 'system') position = 1;
  if (messages.slice(position).some((message) => message.role === 'system')) {
    return invalid('a system message may only come first');
  }
  const turns = messages.slice(position);
  if (turns.length === 0) return invalid('there is no user or assistant turn');
  for (const [offset, message] of turns.entries()) {
    const expected = offset % 2 === 0 ? 'user' : 'assistant';
    if (message.role !== expected) {
      return invalid(
        `message ${position + offset + 1} is "${message.role}" where "${expected}" was expected (turns must alternate user, assistant, starting with user)`,
      );
    }
  }
  if (turns[turns.length - 1]?.role !== 'assistant') {
    return invalid('the last message must be the assistant answer the model learns from');
  }
  for (const [offset, message] of messages.entries()) {
    if (message.content.trim() === '') {
      return { reason: 'empty-turn', detail: `message ${offset + 1} (${message.role}) is empty` };
    }
  }
  if (options.maxTokens !== undefined && options.countTokens) {
    const tokens = countExampleTokens(messages, options.countTokens);
    if (tokens > options.maxTokens) {
      return {
        reason: 'too-long',
        detail: `${tokens} tokens, over the limit of ${options.maxTokens}`,
      };
    }
  }
  return null;
}

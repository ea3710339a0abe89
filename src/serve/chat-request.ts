import { z } from 'zod';
import type { FewShotPair } from '../generate/index.js';
import { fieldError } from './error-response.js';

export const chatRoles = ['system', 'developer', 'user', 'assistant'] as const;

const textPart = z.object({ type: z.literal('text'), text: z.string() });

const content = z.union([
  z.string(),
  z.array(
    z.union([
      textPart,
      z
        .object({ type: z.string() })
        .loose()
        .refine(() => false, { message: 'only text content parts are supported' }),
    ]),
  ),
  z.null(),
]);

/** The parts of OpenAI's chat request that change an answer; unknown fields are ignored, as OpenAI does. */
export const chatRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z
      .array(z.object({ role: z.enum(chatRoles), content, name: z.string().optional() }).loose())
      .min(1),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    /** OpenAI's end-user id: an experiment assigns arms per user by it (else by the key's name). */
    user: z.string().max(256).nullish(),
    n: z.literal(1, { message: 'only n: 1 is supported' }).nullish(),
    tools: z.array(z.unknown()).max(0, { message: 'tools are not supported' }).nullish(),
    response_format: z
      .object({ type: z.literal('text', { message: 'only the text response format is supported' }) })
      .loose()
      .nullish(),
  })
  .loose();

export type ChatRequest = z.output<typeof chatRequestSchema>;

export interface Conversation {
  /** The last user turn: what is retrieved for and answered. */
  question: string;
  /** System and developer messages, joined; undefined when there are none. */
  systemPrompt?: string;
  /** Earlier user → assistant exchanges, kept as prior turns. */
  history: FewShotPair[];
}

function textOf(value: ChatRequest['messages'][number]['content']): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return value.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

/** Splits the messages into what generation takes: instructions, prior turns and the question. */
export function readConversation(messages: ChatRequest['messages']): Conversation {
  const system: string[] = [];
  const history: FewShotPair[] = [];
  let pendingUser: string | undefined;
  let lastUserIndex = -1;
  messages.forEach((message, index) => {
    if (message.role === 'user') lastUserIndex = index;
  });
  if (lastUserIndex === -1) {
    throw fieldError(
      'INPUT_INVALID',
      'messages',
      'The messages hold no user turn to answer.',
      'Add a message with role "user" holding the question.',
    );
  }
  const trailing = messages.slice(lastUserIndex + 1).filter((message) => message.role === 'assistant');
  if (trailing.length > 0) {
    throw fieldError(
      'INPUT_INVALID',
      `messages[${messages.length - 1}]`,
      'The last turn must be the user question; assistant prefill is not supported.',
      'End the messages with the user message to answer.',
    );
  }
  messages.forEach((message, index) => {
    const text = textOf(message.content);
    if (message.role === 'system' || message.role === 'developer') {
      if (text.trim()) system.push(text);
    } else if (index === lastUserIndex) {
      // handled below
    } else if (message.role === 'user') {
      pendingUser = pendingUser === undefined ? text : `${pendingUser}\n\n${text}`;
    } else if (pendingUser !== undefined) {
      history.push({ question: pendingUser, answer: text });
      pendingUser = undefined;
    }
  });
  const last = messages[lastUserIndex]!;
  const question = [pendingUser, textOf(last.content)].filter((part) => part?.trim()).join('\n\n');
  if (!question.trim()) {
    throw fieldError(
      'INPUT_INVALID',
      `messages[${lastUserIndex}].content`,
      'The last user message is empty.',
      'Put the question in the content of the last user message.',
    );
  }
  return { question, history, ...(system.length > 0 ? { systemPrompt: system.join('\n\n') } : {}) };
}

import type { ChatMessage, ContextPassage } from '../providers/spec.js';
import { formatPassageHeader } from './pack-context.js';

export const DEFAULT_SYSTEM_PROMPT =
  'You are a precise assistant. Answer the question directly and concisely. ' +
  'If the answer depends on facts you do not know, say that you do not know rather than guessing.';

export const CONTEXT_INSTRUCTIONS =
  'Answer using only the numbered passages below. Cite every sentence that uses a passage with its number in ' +
  'square brackets, like [1] or [2][3]. If the passages do not contain the answer, say so.';

export interface FewShotPair {
  question: string;
  answer: string;
}

export interface BuildPromptOptions {
  question: string;
  systemPrompt?: string;
  /** Worked examples, rendered as prior user/assistant turns (the form chat models follow best). */
  examples?: FewShotPair[];
  passages?: ContextPassage[];
  /** Extra instruction for the answer's shape (word limit, JSON…), appended to the question. */
  formatInstruction?: string;
}

export function renderPassages(passages: ContextPassage[]): string {
  return passages
    .map(
      (passage) =>
        `[${passage.marker}] ${formatPassageHeader(passage.chunk.title, passage.chunk.headingPath)}\n${passage.chunk.text}`,
    )
    .join('\n\n');
}

/** The chat messages for one question: system, few-shot turns, then the question with its context. */
export function buildPrompt(options: BuildPromptOptions): ChatMessage[] {
  const hasContext = options.passages !== undefined && options.passages.length > 0;
  const system = [options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT, hasContext ? CONTEXT_INSTRUCTIONS : '']
    .filter(Boolean)
    .join('\n\n');
  const messages: ChatMessage[] = [{ role: 'system', content: system }];
  for (const example of options.examples ?? []) {
    messages.push(
      { role: 'user', content: example.question },
      { role: 'assistant', content: example.answer },
    );
  }
  const question = options.formatInstruction
    ? `${options.question}\n\n${options.formatInstruction}`
    : options.question;
  messages.push({
    role: 'user',
    content: hasContext
      ? `Passages:\n\n${renderPassages(options.passages!)}\n\nQuestion: ${question}`
      : question,
  });
  return messages;
}

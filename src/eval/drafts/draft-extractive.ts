import type { Chunk } from '../../core/types.js';

/**
 * The drafter used when no model is configured: honest but simple. It takes the first sentence of
 * the passage that states a figure (a price, a duration, a limit) — else one with a term in bold —
 * makes that figure or term the fact and the sentence the reference answer, and asks about the
 * passage's heading. It never invents
 * text, so its questions are plain ("What does the documentation say about Refund window?") and
 * every draft is labelled `drafter: extractive` for the reviewer.
 */
export interface ExtractiveDraft {
  question: string;
  answer: string;
  facts: string[];
}

/** A figure with its unit: "$14", "30 days", "40%", "25 seats", "10 MB". */
const figure =
  /(?:[$€£]\s?\d[\d,.]*(?:\s?(?:per|a)\s\w+)?|\d[\d,.]*\s?(?:%|(?:business\s)?(?:days?|hours?|minutes?|seconds?|weeks?|months?|years?|seats?|users?|requests?|GB|MB|KB|TB|times|characters|members|workspaces|files|messages|conversations)\b))/i;

export function draftExtractive(passage: Chunk): ExtractiveDraft | undefined {
  const sentences = passage.text
    .replace(/^#+\s.*$/gm, '')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.replace(/^[-*>\s]+/, '').trim())
    .filter((sentence) => sentence.split(/\s+/).length >= 5);
  const topic = passage.headingPath.at(-1) ?? passage.title;
  const question =
    topic === passage.title
      ? `What does the documentation say about ${lowerFirst(topic)}?`
      : `What does the "${passage.title}" page say about ${lowerFirst(topic)}?`;
  // A figure makes the sharpest fact; a term the writer set in bold is the next best.
  for (const pattern of [figure, emphasised]) {
    for (const sentence of sentences) {
      const plain = sentence.replace(/\*\*|__|`/g, '');
      const match = pattern.exec(pattern === figure ? plain : sentence);
      const fact = (match?.[1] ?? match?.[0])?.trim().replace(/[.,:;]$/, '');
      if (!fact) continue;
      return { question, answer: plain, facts: [fact] };
    }
  }
  return undefined;
}

/** A bold term of 1–5 words: `**Owner**`. */
const emphasised = /\*\*([^*\n]{2,40})\*\*/;

function lowerFirst(text: string): string {
  // Keep acronyms and names ("API keys", "SSO") as written.
  return /^[A-Z][a-z]/.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}

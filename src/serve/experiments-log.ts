import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { redactSecrets } from '../core/secrets.js';

/** `<dataDir>/experiments.jsonl`: every experiment response and every rating of one, appended. */
export const EXPERIMENTS_LOG = 'experiments.jsonl';

/** One answered request in an experiment, with the checks that need no reference answer. */
export interface ExperimentResponseEvent {
  type: 'response';
  at: string;
  experiment: string;
  arm: string;
  /** The chat completion's id: feedback names it as `response_id`. */
  responseId: string;
  userHash: string;
  overridden: boolean;
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
  words: number;
  citations: number;
  /** Every [n] marker in the answer points at a passage that was given. */
  citationsValid: boolean;
  refusal: boolean;
}

export interface ExperimentFeedbackEvent {
  type: 'feedback';
  at: string;
  experiment: string;
  arm: string;
  responseId: string;
  rating: 'up' | 'down';
  corrected: boolean;
}

export type ExperimentEvent = ExperimentResponseEvent | ExperimentFeedbackEvent;

/** One line per event, one append each: concurrent requests interleave whole lines. */
export async function appendExperimentEvent(file: string, event: ExperimentEvent): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${redactSecrets(JSON.stringify(event))}\n`, 'utf8');
}

/** Events in order; a torn last line (a crash mid-append) is skipped. A missing log is empty. */
export async function readExperimentEvents(file: string): Promise<ExperimentEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const events: ExperimentEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const event = JSON.parse(line) as ExperimentEvent;
      if (event.type === 'response' || event.type === 'feedback') events.push(event);
    } catch {
      // a torn line
    }
  }
  return events;
}

/**
 * An answer that declines: the extractive answerer's "no passage" line, and the usual phrasings
 * of a model that says it cannot answer. Matched on the first 200 characters only.
 */
const REFUSAL =
  /^(?:\s*)(?:i (?:do not|don't|cannot|can't|am unable to|'m unable to)\b|sorry\b|i'm sorry\b|no (?:passage|answer|relevant)\b|(?:the|these) (?:provided )?(?:documents|passages|sources) do not\b|i could not find\b)/i;

export function isRefusal(answer: string): boolean {
  const text = answer.trim();
  return text === '' || REFUSAL.test(text.slice(0, 200));
}

export function countWords(answer: string): number {
  return answer.split(/\s+/).filter(Boolean).length;
}

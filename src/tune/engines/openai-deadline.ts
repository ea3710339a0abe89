import { KnowhowError } from '../../core/errors.js';

/**
 * OpenAI stops accepting new fine-tuning jobs after 2027-01-06 (organisations without recent
 * fine-tuning usage were cut off earlier). knowhow supports it while it lasts: a warning before
 * that day, a clear refusal after it, naming the alternatives.
 */
export const OPENAI_LAST_JOB_DAY = '2027-01-06';
const lastMoment = Date.parse(`${OPENAI_LAST_JOB_DAY}T23:59:59.999Z`);

export const OPENAI_CLOSING_NOTICE =
  `OpenAI fine-tuning accepts no new jobs after ${OPENAI_LAST_JOB_DAY} (and some organisations were cut off earlier); ` +
  'plan to move to --engine together or --engine local.';

export function openAiJobsClosed(now: Date): boolean {
  return now.getTime() > lastMoment;
}

/** Throws after the last day; returns the warning to show before it. */
export function checkOpenAiDeadline(now: Date): string {
  if (openAiJobsClosed(now)) {
    throw new KnowhowError(
      'TUNE_FAILED',
      `OpenAI fine-tuning closed to new jobs after ${OPENAI_LAST_JOB_DAY}; it is now ${now.toISOString().slice(0, 10)}.`,
      {
        hint: 'Launch with --engine together (hosted LoRA) or --engine local (transformers + PEFT on your machine); existing OpenAI jobs and models still work with `tune status` and `tune register`.',
        details: { engine: 'openai', lastDay: OPENAI_LAST_JOB_DAY },
      },
    );
  }
  const daysLeft = Math.ceil((lastMoment - now.getTime()) / 86_400_000);
  return `${OPENAI_CLOSING_NOTICE} ${daysLeft} day(s) left.`;
}

import { readFile } from 'node:fs/promises';
import { KnowhowError } from '../core/errors.js';
import type { EngineName } from './engines/tune-engine.js';
import { validateMessages } from './validate-messages.js';

/**
 * Re-checks an exported file line by line with the rules the hosted engines apply on upload
 * (JSONL of {"messages": [...]}, known roles, user/assistant turns, an assistant answer, no
 * empty turn, a minimum count), so a file is rejected here with its line number rather than
 * after an upload and a queue wait.
 */

export const MIN_EXAMPLES: Record<EngineName, number> = { openai: 10, together: 1, local: 1 };

export interface LineProblem {
  line: number;
  message: string;
}

export function checkDatasetText(text: string, engine: EngineName): LineProblem[] {
  const problems: LineProblem[] = [];
  let examples = 0;
  text.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push({ line, message: 'not valid JSON' });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ line, message: 'not a JSON object' });
      return;
    }
    const messages = (value as { messages?: unknown }).messages;
    const problem = validateMessages(messages);
    if (problem) problems.push({ line, message: problem.detail });
    examples++;
  });
  if (examples < MIN_EXAMPLES[engine]) {
    problems.push({
      line: 0,
      message: `${examples} example(s); ${engine} needs at least ${MIN_EXAMPLES[engine]}`,
    });
  }
  return problems;
}

export async function assertDatasetFileFor(
  engine: EngineName,
  file: string,
  options: { optional?: boolean } = {},
): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (options.optional && text.trim() === '') return;
  const problems = checkDatasetText(text, engine).filter(
    (problem) => !(options.optional && problem.line === 0),
  );
  if (problems.length > 0) {
    const shown = problems
      .slice(0, 5)
      .map((problem) =>
        problem.line === 0
          ? problem.message
          : `line ${problem.line} (example ${problem.line - 1}): ${problem.message}`,
      );
    throw new KnowhowError(
      'INPUT_INVALID',
      `${file} would be rejected by ${engine}: ${shown.join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}.`,
      {
        hint: 'Run `knowhow tune prepare` again (it drops such examples and lists them in the data card), or fix the lines named.',
        details: { file, engine, problems: problems.slice(0, 50) },
      },
    );
  }
}

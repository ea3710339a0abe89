import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { KnowhowError } from '../../core/errors.js';
import {
  type AdviseAnswerValue,
  adviseQuestions,
  architectureLabels,
  parseAdviseAnswers,
  parseAnswerText,
  type Recommendation,
  recommend,
} from '../../decide/index.js';
import type { CommandContext, CommandResult } from '../output.js';

export function formatRecommendation(recommendation: Recommendation): string {
  const lines = [
    `Recommendation: ${architectureLabels[recommendation.architecture] ?? recommendation.architecture} (${recommendation.basis === 'measured' ? 'measured on your test cases' : 'from your answers'})`,
    '',
    'Why:',
    ...recommendation.reasons
      .slice(0, 8)
      .map((reason) => `  • ${reason.statement}${reason.number ? ` [${reason.number}]` : ''}`),
  ];
  if (recommendation.excluded.length) {
    lines.push(
      '',
      'Ruled out:',
      ...recommendation.excluded.map((exclusion) => `  • ${exclusion.architecture}: ${exclusion.why}`),
    );
  }
  if (recommendation.risks.length)
    lines.push('', 'Risks:', ...recommendation.risks.map((risk) => `  • ${risk}`));
  if (recommendation.nextSteps.length) {
    lines.push('', 'Next steps:', ...recommendation.nextSteps.map((step, i) => `  ${i + 1}. ${step}`));
  }
  lines.push('', recommendation.startSimple);
  return lines.join('\n');
}

async function askInteractively(context: CommandContext, preset: Record<string, AdviseAnswerValue>) {
  const answers: Record<string, AdviseAnswerValue | null> = { ...preset };
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    for (const question of adviseQuestions) {
      if (question.id in preset) continue;
      const choices =
        question.choices?.map((choice, i) => `    ${i + 1}. ${choice.label} (${choice.value})`) ?? [];
      const defaultText = question.default === null ? 'unknown' : String(question.default);
      for (;;) {
        const text = await terminal.question(
          [
            `\n${question.prompt}${question.unit ? ` (${question.unit})` : ''}`,
            `  ${question.help}`,
            ...choices,
            `  [${defaultText}] > `,
          ].join('\n'),
        );
        try {
          answers[question.id] = parseAnswerText(question, text);
          break;
        } catch (error) {
          context.io.stderr.write(`  ${KnowhowError.isInstance(error) ? error.message : String(error)}\n`);
        }
      }
    }
  } finally {
    terminal.close();
  }
  return answers;
}

export async function runAdvise(
  context: CommandContext,
  options: Record<string, string | undefined>,
): Promise<CommandResult> {
  let raw: Record<string, unknown> = {};
  let source = 'flags';
  if (options.answers) {
    const file = path.resolve(context.cwd, options.answers);
    source = options.answers;
    try {
      // The YAML parser is loaded only for an answers file (it is a fifth of advise's start-up).
      const { parse: parseYaml } = await import('yaml');
      raw = (parseYaml(await readFile(file, 'utf8')) as Record<string, unknown> | null) ?? {};
    } catch (error) {
      throw new KnowhowError('INPUT_INVALID', `Cannot read ${options.answers}: ${(error as Error).message}`, {
        hint: 'The answers file is YAML with the keys listed by `knowhow advise --help`.',
      });
    }
  }
  const preset: Record<string, AdviseAnswerValue> = {};
  for (const question of adviseQuestions) {
    const flag = options[question.id];
    if (flag !== undefined) {
      const value = parseAnswerText(question, flag);
      if (value !== null) preset[question.id] = value;
    }
  }
  const interactive =
    !options.answers && !context.json && Boolean(process.stdin.isTTY) && Boolean(context.io.stderr.isTTY);
  const answers = interactive ? await askInteractively(context, preset) : { ...raw, ...preset };
  const input = parseAdviseAnswers(answers, source);
  const recommendation = recommend(input);
  return { data: { input, recommendation }, text: formatRecommendation(recommendation) };
}

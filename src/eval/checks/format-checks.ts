import type { CaseFormat } from '../../core/case-types.js';
import type { CheckResult } from '../../core/eval-types.js';
import { showMarkers, stripCitationMarkers } from '../../core/text/citation-markers.js';
import type { LanguageModel } from '../../providers/spec.js';
import { compileJsonSchema, describeSchemaErrors } from '../compile-json-schema.js';
import { askJudge, judgeLabel } from './ask-judge.js';
import { type AnswerCitation, resolveCitations } from './resolve-citations.js';

/**
 * Format checks: is the answer shaped as the case asks? Only the constraints a case sets are
 * checked (no result for an unset one).
 */

/** Words as people count them: whitespace-separated, ignoring citation markers and bare punctuation. */
export function countWords(answer: string): number {
  return stripCitationMarkers(answer)
    .split(/\s+/)
    .filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

export interface CheckFormatOptions {
  answer: string;
  format: CaseFormat;
  citations: readonly AnswerCitation[];
  /** Markers of the passages given to the model, when known. */
  contextMarkers?: ReadonlySet<number>;
}

export function checkFormat(options: CheckFormatOptions): CheckResult[] {
  const { answer, format } = options;
  const results: CheckResult[] = [];
  if (format.maxWords !== undefined || format.minWords !== undefined) {
    const words = countWords(answer);
    if (format.maxWords !== undefined) {
      results.push({
        name: 'max-words',
        kind: 'format',
        verdict: words <= format.maxWords ? 'pass' : 'fail',
        score: words,
        reason: `${words} words; at most ${format.maxWords} allowed`,
      });
    }
    if (format.minWords !== undefined) {
      results.push({
        name: 'min-words',
        kind: 'format',
        verdict: words >= format.minWords ? 'pass' : 'fail',
        score: words,
        reason: `${words} words; at least ${format.minWords} required`,
      });
    }
  }
  if (format.regex !== undefined) results.push(checkRegex(answer, format.regex));
  if (format.jsonSchema !== undefined) results.push(checkJsonSchema(answer, format.jsonSchema));
  if (format.cite === 'required' || format.cite === 'forbidden') {
    results.push(checkCitePolicy({ ...options, cite: format.cite }));
  }
  return results;
}

/** A case's `format.regex` as it is applied: anchored at both ends, `.` crossing lines. Throws when invalid. */
export function compileAnswerPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 's');
}

/**
 * The whole answer must match (the pattern is anchored at both ends, `.` crosses lines). It is
 * tried on the trimmed answer and on the answer without citation markers, so that a case can
 * ask for both a shape and citations.
 */
export function checkRegex(answer: string, pattern: string): CheckResult {
  let expression: RegExp;
  try {
    expression = compileAnswerPattern(pattern);
  } catch (error) {
    return {
      name: 'regex',
      kind: 'format',
      verdict: 'skipped',
      reason: `the case's regex is invalid (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const matched = expression.test(answer.trim()) || expression.test(stripCitationMarkers(answer));
  return {
    name: 'regex',
    kind: 'format',
    verdict: matched ? 'pass' : 'fail',
    reason: matched
      ? `the whole answer matches /${pattern}/`
      : `the answer does not match /${pattern}/ as a whole`,
  };
}

export function checkJsonSchema(answer: string, schema: Record<string, unknown>): CheckResult {
  const compiled = compileJsonSchema(schema);
  if (!compiled.ok) {
    return {
      name: 'json-schema',
      kind: 'format',
      verdict: 'skipped',
      reason: `the case's JSON Schema is invalid, so the answer was not checked (Ajv: ${compiled.message})`,
    };
  }
  const parsed = parseJsonAnswer(answer);
  if (!parsed.ok) {
    return {
      name: 'json-schema',
      kind: 'format',
      verdict: 'fail',
      reason: `the answer is not JSON: ${parsed.message}`,
    };
  }
  const valid = compiled.validate(parsed.value);
  return {
    name: 'json-schema',
    kind: 'format',
    verdict: valid ? 'pass' : 'fail',
    reason: valid
      ? 'the answer is JSON valid against the schema'
      : `the answer's JSON breaks the schema: ${describeSchemaErrors(compiled.validate.errors)}`,
  };
}

/** The answer as JSON, also when the model wrapped it in a ```json fence. */
export function parseJsonAnswer(
  answer: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const trimmed = answer.trim();
  const fenced = /^```[a-zA-Z]*\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
  const body = fenced ? (fenced[1] ?? '') : trimmed;
  if (body === '') return { ok: false, message: 'it is empty' };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const start = JSON.stringify(body.length > 60 ? `${body.slice(0, 60)}…` : body);
    return { ok: false, message: `${message} (answer starts ${start})` };
  }
}

function checkCitePolicy(options: CheckFormatOptions & { cite: 'required' | 'forbidden' }): CheckResult {
  const resolved = resolveCitations(options);
  if (options.cite === 'forbidden') {
    return {
      name: 'citations',
      kind: 'format',
      verdict: resolved.cited.length === 0 ? 'pass' : 'fail',
      score: resolved.cited.length,
      reason:
        resolved.cited.length === 0
          ? 'no citation markers, as the case requires'
          : `citations are forbidden but the answer has ${resolved.cited.length}: ${showMarkers(resolved.cited)}`,
    };
  }
  return {
    name: 'citations',
    kind: 'format',
    verdict: resolved.valid.length > 0 ? 'pass' : 'fail',
    score: resolved.valid.length,
    reason:
      resolved.cited.length === 0
        ? 'citations are required but the answer has none'
        : resolved.valid.length === 0
          ? `citations are required but none of ${showMarkers(resolved.cited)} names a given passage`
          : `${resolved.valid.length} valid citation(s): ${showMarkers(resolved.valid)}`,
  };
}

export interface JudgeStyleOptions {
  judge: LanguageModel | undefined;
  rubric: string;
  question: string;
  answer: string;
  signal?: AbortSignal;
}

export async function judgeStyle(options: JudgeStyleOptions): Promise<CheckResult> {
  if (!options.judge) {
    return {
      name: 'style',
      kind: 'format',
      verdict: 'skipped',
      reason:
        'no judge model configured, so the style rubric was not checked (set models.judge in knowhow.yaml)',
    };
  }
  const outcome = await askJudge({
    judge: options.judge,
    system:
      'You check whether an answer follows a style rubric. Judge only style, tone, structure and format ' +
      'as the rubric describes them, not whether the facts are right.',
    prompt: `STYLE RUBRIC:\n${options.rubric}\n\nQUESTION:\n${options.question}\n\nANSWER:\n${options.answer}`,
    verdicts: ['pass', 'fail'] as const,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!outcome.ok) return { name: 'style', kind: 'format', verdict: 'skipped', reason: outcome.reason };
  return {
    name: 'style',
    kind: 'format',
    verdict: outcome.verdict,
    score: outcome.verdict === 'pass' ? 1 : 0,
    reason: `judge ${judgeLabel(options.judge)}: ${outcome.verdict} — ${outcome.reason}`,
  };
}

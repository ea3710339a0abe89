import { KnowhowError } from '../core/errors.js';

/**
 * One thing wrong with a test-case or few-shot file. Loading never stops at the first problem:
 * every problem is collected with where it is and how to fix it, and the valid cases still load.
 */
export interface CaseProblem {
  /** As shown to the user: relative to the display root when inside it, else absolute. */
  file: string;
  line: number | null;
  caseId: string | null;
  /** Dotted path with list indices, e.g. `format.jsonSchema`, `facts[1]`. */
  field: string | null;
  message: string;
  hint: string;
  /**
   * The suite cannot be trusted at all: a file that did not parse (its cases are all missing) or
   * an id defined twice (which copy is meant?). eval refuses to run on these; a single invalid
   * case only leaves that case out.
   */
  blocking?: boolean;
}

/** `cases/formats.yaml:42 case "plan-json" field format.jsonSchema: … — fix: …`, one line each. */
export function formatCaseProblems(problems: readonly CaseProblem[]): string {
  return problems.map(formatCaseProblem).join('\n');
}

export function formatCaseProblem(problem: CaseProblem): string {
  const where = problem.line === null ? problem.file : `${problem.file}:${problem.line}`;
  const caseLabel = problem.caseId === null ? '' : ` case "${problem.caseId}"`;
  const fieldLabel = problem.field === null ? '' : ` field ${problem.field}`;
  return `${where}${caseLabel}${fieldLabel}: ${problem.message} — fix: ${problem.hint}`;
}

/** The problems that stop a run (see CaseProblem.blocking). */
export function blockingProblems(problems: readonly CaseProblem[]): CaseProblem[] {
  return problems.filter((problem) => problem.blocking === true);
}

/**
 * Throws CASES_INVALID listing every blocking problem, before anything runs: a file that did not
 * parse would drop all its cases from the pass rate unnoticed, a duplicate id makes rows ambiguous.
 */
export function refuseBlockingProblems(problems: readonly CaseProblem[]): void {
  const blocking = blockingProblems(problems);
  if (blocking.length === 0) return;
  throw new KnowhowError(
    'CASES_INVALID',
    `${blocking.length} problem(s) in the case files; nothing was run:\n${formatCaseProblems(blocking)}`,
    {
      hint: 'Fix the files and lines listed, then run again (every other case loaded; these would have been silently left out).',
      details: { problems: blocking },
    },
  );
}

/** Formats a zod/YAML path the way problems name fields: `format.jsonSchema`, `facts[1]`. */
export function formatFieldPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

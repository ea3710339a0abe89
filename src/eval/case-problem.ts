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

/** Formats a zod/YAML path the way problems name fields: `format.jsonSchema`, `facts[1]`. */
export function formatFieldPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

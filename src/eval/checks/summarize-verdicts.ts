import type { CheckKind, CheckResult } from '../../core/eval-types.js';

export const checkKinds: readonly CheckKind[] = ['content', 'format', 'grounding', 'retrieval'];

/** Per kind: fail if any check of that kind failed, pass if any passed, else skipped. */
export function summarizeVerdicts(
  checks: readonly CheckResult[],
): Record<CheckKind, 'pass' | 'fail' | 'skipped'> {
  const summary: Record<CheckKind, 'pass' | 'fail' | 'skipped'> = {
    content: 'skipped',
    format: 'skipped',
    grounding: 'skipped',
    retrieval: 'skipped',
  };
  for (const check of checks) {
    if (check.verdict === 'fail') summary[check.kind] = 'fail';
    else if (check.verdict === 'pass' && summary[check.kind] === 'skipped') summary[check.kind] = 'pass';
  }
  return summary;
}

import type { EvalRow } from '../../core/eval-types.js';
import { summarizeVariants } from '../../decide/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

export interface CaseChange {
  caseId: string;
  variant: string;
  before: 'pass' | 'fail' | 'missing';
  after: 'pass' | 'fail' | 'missing';
  /** Checks whose verdict flipped. */
  flipped: string[];
}

export function compareRuns(before: EvalRow[], after: EvalRow[]): CaseChange[] {
  const key = (row: EvalRow) => `${row.caseId}\u0000${row.variant}`;
  const beforeRows = new Map(before.map((row) => [key(row), row]));
  const afterRows = new Map(after.map((row) => [key(row), row]));
  const changes: CaseChange[] = [];
  for (const id of new Set([...beforeRows.keys(), ...afterRows.keys()])) {
    const a = beforeRows.get(id);
    const b = afterRows.get(id);
    const state = (row: EvalRow | undefined) => (row ? (row.passed ? 'pass' : 'fail') : 'missing');
    if (state(a) === state(b)) continue;
    const verdicts = new Map((a?.checks ?? []).map((check) => [check.name, check.verdict]));
    const flipped = (b?.checks ?? [])
      .filter((check) => verdicts.has(check.name) && verdicts.get(check.name) !== check.verdict)
      .map((check) => `${check.name} ${verdicts.get(check.name)}→${check.verdict}`);
    const [caseId, variant] = id.split('\u0000') as [string, string];
    changes.push({ caseId, variant, before: state(a), after: state(b), flipped });
  }
  return changes.sort((x, y) => x.caseId.localeCompare(y.caseId) || x.variant.localeCompare(y.variant));
}

export function runCompare(
  context: CommandContext,
  beforeId: string,
  afterId: string,
): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const [before, after] = await Promise.all([
      workspace.runs.readRows(beforeId),
      workspace.runs.readRows(afterId),
    ]);
    const changes = compareRuns(before, after);
    const summaryBefore = new Map(summarizeVariants(before).map((summary) => [summary.variant, summary]));
    const lines = ['variant     pass rate before → after'];
    for (const summary of summarizeVariants(after)) {
      const previous = summaryBefore.get(summary.variant);
      lines.push(
        `${summary.variant.padEnd(11)} ${previous ? `${(previous.passRate * 100).toFixed(0)}%` : '–'} → ${(summary.passRate * 100).toFixed(0)}%`,
      );
    }
    lines.push('', changes.length ? `${changes.length} case/variant changes:` : 'No case changed outcome.');
    for (const change of changes) {
      const arrow = change.after === 'pass' ? '✓ fixed' : change.after === 'fail' ? '✗ broke' : '· gone';
      lines.push(
        `  ${arrow}  ${change.caseId} [${change.variant}] ${change.before}→${change.after}${change.flipped.length ? `: ${change.flipped.join(', ')}` : ''}`,
      );
    }
    return { data: { before: beforeId, after: afterId, changes }, text: lines.join('\n') };
  });
}

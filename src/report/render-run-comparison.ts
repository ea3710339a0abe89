import type { RunComparison } from '../decide/index.js';

/** At most this many case ids are printed for cases only one run has; --json lists them all. */
const LISTED_IDS = 10;

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function listIds(ids: readonly string[]): string {
  return ids.length > LISTED_IDS
    ? `${ids.slice(0, LISTED_IDS).join(', ')} … (${ids.length - LISTED_IDS} more)`
    : ids.join(', ');
}

/** The text of `knowhow compare`: counts first, one-run variants once, then the changed cases, regressions first. */
export function renderRunComparison(
  comparison: RunComparison,
  runs: { before: string; after: string },
): string {
  const lines = [`compare ${runs.before} → ${runs.after}`, ''];
  const header = ['variant', 'pass before → after', 'fixed', 'broke', 'unchanged'];
  const table = comparison.variants.map((entry) => [
    entry.variant,
    `${percent(entry.before.passRate)} (${entry.before.passed}/${entry.before.cases}) → ${percent(entry.after.passRate)} (${entry.after.passed}/${entry.after.cases})`,
    String(entry.fixed),
    String(entry.broke),
    String(entry.unchanged),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...table.map((cells) => cells[column]!.length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 || column === 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  if (table.length === 0) lines.push('No variant ran in both runs: nothing to compare case by case.');
  else lines.push(format(header), ...table.map(format));
  const describeOnly = (entries: RunComparison['onlyBefore'], run: string) => {
    if (entries.length > 0) {
      lines.push(
        `only in ${run}: ${entries.map((entry) => `${entry.variant} (${entry.cases} cases)`).join(', ')} — not compared`,
      );
    }
  };
  lines.push('');
  describeOnly(comparison.onlyBefore, runs.before);
  describeOnly(comparison.onlyAfter, runs.after);
  if (comparison.casesOnlyBefore.length > 0) {
    lines.push(
      `${comparison.casesOnlyBefore.length} case(s) only in ${runs.before}: ${listIds(comparison.casesOnlyBefore)}`,
    );
  }
  if (comparison.casesOnlyAfter.length > 0) {
    lines.push(
      `${comparison.casesOnlyAfter.length} case(s) only in ${runs.after}: ${listIds(comparison.casesOnlyAfter)}`,
    );
  }
  if (comparison.changes.length === 0) {
    lines.push('No case changed outcome.');
    return lines.join('\n');
  }
  const broke = comparison.changes.filter((change) => change.change === 'broke');
  const fixed = comparison.changes.filter((change) => change.change === 'fixed');
  for (const [title, changes, mark] of [
    ['Broke (passed before, fail now)', broke, '✗'],
    ['Fixed (failed before, pass now)', fixed, '✓'],
  ] as const) {
    if (changes.length === 0) continue;
    lines.push(`${title}: ${changes.length}`);
    for (const change of changes) {
      lines.push(
        `  ${mark} ${change.caseId} [${change.variant}]${change.flipped.length > 0 ? ` ${change.flipped.join(', ')}` : ''}`,
      );
    }
  }
  return lines.join('\n');
}

import type { TestCase } from '../core/case-types.js';
import { closestMatch } from '../core/text/closest-match.js';
import type { CaseProblem } from './case-problem.js';

/**
 * A case whose `sources` name no indexed document would score recall 0 for a reason that has
 * nothing to do with retrieval; these problems say so before a run, with the likeliest id meant.
 */
export function checkCaseSources(
  cases: readonly TestCase[],
  knownDocumentIds: ReadonlySet<string>,
): CaseProblem[] {
  const problems: CaseProblem[] = [];
  let known: string[] | null = null;
  for (const testCase of cases) {
    testCase.sources.forEach((source, index) => {
      if (knownDocumentIds.has(source)) return;
      known ??= [...knownDocumentIds].sort();
      const suggestion = suggestDocumentId(source, known);
      problems.push({
        file: testCase.origin.file,
        line: testCase.origin.line,
        caseId: testCase.id,
        field: `sources[${index}]`,
        message: `source "${source}" names no indexed document${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        hint: suggestion
          ? `Change it to "${suggestion}".`
          : knownDocumentIds.size === 0
            ? 'The index is empty: run `knowhow ingest` first.'
            : 'Use a document id as the index lists it (the path relative to the ingest root, POSIX slashes), or ingest that document.',
      });
    });
  }
  return problems;
}

function suggestDocumentId(source: string, known: readonly string[]): string | undefined {
  const normalized = source.replace(/\\/g, '/').replace(/^\.\//, '');
  if (normalized !== source && known.includes(normalized)) return normalized;
  // A bare file name or a path from a different root: the one id that ends with it.
  const endings = known.filter((id) => id.endsWith(`/${normalized}`) || normalized.endsWith(`/${id}`));
  if (endings.length === 1) return endings[0];
  return closestMatch(normalized, known);
}

import type { ForbiddenContent } from '../../core/case-types.js';
import type { CheckResult } from '../../core/eval-types.js';
import { stripCitationMarkers } from '../../core/text/citation-markers.js';
import { containsFact } from '../normalize-answer.js';

/**
 * The `must-not-contain` content check: a correct answer states none of the case's forbidden
 * entries. It catches what facts cannot: an answer that states the current value *and* the one a
 * changelog replaced ("retried up to 8 times … retried up to 5 times") has every fact and still
 * misleads. Text entries match like facts (whole words, case and punctuation folded); regexes
 * run on the answer without its citation markers.
 */

/** The default flags: answers vary in case, so a pattern written in lower case should still match. */
export const defaultForbiddenFlags = 'i';

export function compileForbiddenPattern(entry: { regex: string; flags: string }): RegExp {
  return new RegExp(entry.regex, entry.flags);
}

/** How the entry reads in messages: `"7 days"` or `/\bretried 5 times/i`. */
export function describeForbidden(entry: ForbiddenContent): string {
  return 'text' in entry ? JSON.stringify(entry.text) : `/${entry.regex}/${entry.flags}`;
}

/** The entries the text states, in the case's order. */
export function findForbidden(text: string, entries: readonly ForbiddenContent[]): ForbiddenContent[] {
  const spoken = stripCitationMarkers(text);
  return entries.filter((entry) =>
    'text' in entry ? containsFact(spoken, entry.text) : compileForbiddenPattern(entry).test(spoken),
  );
}

export function checkMustNotContain(
  answer: string,
  entries: readonly ForbiddenContent[] | undefined,
): CheckResult {
  if (entries === undefined || entries.length === 0) {
    return {
      name: 'must-not-contain',
      kind: 'content',
      verdict: 'skipped',
      reason: 'the case lists nothing the answer must not state',
    };
  }
  const found = findForbidden(answer, entries);
  return {
    name: 'must-not-contain',
    kind: 'content',
    verdict: found.length === 0 ? 'pass' : 'fail',
    score: 1 - found.length / entries.length,
    reason:
      found.length === 0
        ? `states none of the ${entries.length} ruled-out ${entries.length === 1 ? 'entry' : 'entries'}`
        : `states what the case rules out: ${found.map(describeForbidden).join(', ')}`,
  };
}

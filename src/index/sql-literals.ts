// Quoting is part of the store interface's `where` predicate, so it lives in core (src/core/sql-literals.ts).
export { quoteSql, sqlList } from '../core/sql-literals.js';

/** The predicates that are present, each parenthesized, joined by AND; undefined when none is. */
export function combinePredicates(...predicates: (string | undefined)[]): string | undefined {
  const present = predicates.filter((predicate): predicate is string => Boolean(predicate));
  if (present.length === 0) return undefined;
  return present.map((predicate) => `(${predicate})`).join(' AND ');
}

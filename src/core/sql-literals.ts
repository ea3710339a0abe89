/**
 * SQL string literals for `SearchOptions.where` (core/index-store.ts): the store interface takes a
 * SQL-style predicate, so callers that build one (eval's gold passages) and the stores that run it
 * quote the same way. LanceDB (DataFusion) and PostgreSQL both read a literal with its single
 * quotes doubled and nothing else special.
 */
export function quoteSql(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlList(values: Iterable<string>): string {
  return [...values].map(quoteSql).join(', ');
}

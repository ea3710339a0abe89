/** SQL string literal for LanceDB (DataFusion) predicates: single quotes doubled, nothing else special. */
export function quoteSql(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlList(values: Iterable<string>): string {
  return [...values].map(quoteSql).join(', ');
}

// Quoting is part of the store interface's `where` predicate, so it lives in core (src/core/sql-literals.ts).
export { quoteSql, sqlList } from '../core/sql-literals.js';

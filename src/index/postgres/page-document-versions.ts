import type { DocumentVersion } from '../../core/index-store.js';

/** Rows a page: 1M documents are 100 queries, each a short range scan of the primary key. */
export const VERSION_PAGE_ROWS = 10_000;

type VersionRow = { id: unknown; hash: unknown; origin: unknown };

/**
 * Every document's id, hash and origin, a page at a time in id order (keyset pagination on the
 * primary key, whose "C" collation orders the same in SQL as `>` compares): ingest keeps them
 * compactly, where one query for all rows held every row in the driver at once. The caller holds
 * the writer lock, so no page sees a write the others miss.
 */
export async function* pageDocumentVersions(
  query: (sql: string, values: unknown[]) => Promise<{ rows: VersionRow[] }>,
  documentsTable: string,
  pageRows = VERSION_PAGE_ROWS,
): AsyncGenerator<DocumentVersion[]> {
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: VersionRow[] } = await query(
      `SELECT id, hash, origin FROM ${documentsTable}${after === null ? '' : ' WHERE id > $2'} ORDER BY id LIMIT $1`,
      after === null ? [pageRows] : [pageRows, after],
    );
    if (rows.length > 0) {
      yield rows.map((row) => ({
        id: String(row.id),
        hash: String(row.hash),
        ...(typeof row.origin === 'string' ? { origin: row.origin } : {}),
      }));
    }
    if (rows.length < pageRows) return;
    after = String(rows[rows.length - 1]?.id);
  }
}

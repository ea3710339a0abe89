import { describe, expect, it } from 'vitest';
import { pageDocumentVersions } from './page-document-versions.js';

/** A documents table as the keyset queries see it: ids in "C" order. */
function tableOf(ids: string[]) {
  const rows = [...ids].sort().map((id) => ({ id, hash: `h-${id}`, origin: id === 'b' ? '' : 'files:.' }));
  const queries: unknown[][] = [];
  const query = async (sql: string, values: unknown[]) => {
    queries.push(values);
    const [limit, after] = values as [number, string | undefined];
    expect(sql).toContain(
      after === undefined ? 'ORDER BY id LIMIT $1' : 'WHERE id > $2 ORDER BY id LIMIT $1',
    );
    return { rows: rows.filter((row) => after === undefined || row.id > after).slice(0, limit) };
  };
  return { query, queries };
}

describe('pageDocumentVersions', () => {
  it('lists every row once, a page at a time, and stops at a short page', async () => {
    const { query, queries } = tableOf(['e', 'a', 'c', 'b', 'd']);
    const pages = [];
    for await (const page of pageDocumentVersions(query, 'docs', 2))
      pages.push(page.map((version) => version.id));
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(queries).toEqual([[2], [2, 'b'], [2, 'd']]);
  });

  it('asks once more after a full last page, and keeps an empty origin as the index holds it', async () => {
    const { query, queries } = tableOf(['a', 'b']);
    const versions = [];
    for await (const page of pageDocumentVersions(query, 'docs', 2)) versions.push(...page);
    expect(versions).toEqual([
      { id: 'a', hash: 'h-a', origin: 'files:.' },
      { id: 'b', hash: 'h-b', origin: '' },
    ]);
    expect(queries).toHaveLength(2);
  });
});

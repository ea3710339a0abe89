import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsToArrowTable } from './arrow-table.js';

const schema = new Schema([
  new Field('id', new Utf8(), false),
  new Field('count', new Int32(), false),
  new Field('groups', new List(new Field('item', new Utf8(), true)), false),
  new Field('origin', new Utf8(), true),
  new Field('vector', new FixedSizeList(3, new Field('item', new Float32(), true)), true),
]);

const rows = [
  { id: 'a', count: 1, groups: ['public'], origin: 'api', vector: Float32Array.of(0.5, 1, -2) },
  { id: 'b', count: 2, groups: ['g1', 'g2'], origin: null, vector: [3, 4, 5] },
  { id: 'c', count: 3, groups: [], origin: 'files:docs', vector: null },
];

describe('rowsToArrowTable', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-arrow-'));
  });
  afterEach(async () => rm(directory, { recursive: true, force: true }));

  it('builds every column of the schema, nulls and vectors included', () => {
    const table = rowsToArrowTable(schema, rows);
    expect(table.numRows).toBe(3);
    expect(table.schema.fields.map((field) => field.name)).toEqual([
      'id',
      'count',
      'groups',
      'origin',
      'vector',
    ]);
    const read = table.toArray().map((row) => row.toJSON());
    expect(read.map((row) => row.id)).toEqual(['a', 'b', 'c']);
    expect(read.map((row) => row.count)).toEqual([1, 2, 3]);
    expect(read.map((row) => [...row.groups])).toEqual([['public'], ['g1', 'g2'], []]);
    expect(read.map((row) => row.origin)).toEqual(['api', null, 'files:docs']);
    expect([...read[0]!.vector]).toEqual([0.5, 1, -2]);
    expect([...read[1]!.vector]).toEqual([3, 4, 5]);
    expect(read[2]!.vector).toBeNull();
  });

  it('refuses a vector of the wrong length instead of shifting every later row', () => {
    expect(() => rowsToArrowTable(schema, [{ ...rows[0]!, vector: [1, 2] }])).toThrow(
      /Row 0 .* 2 values; the column holds 3/,
    );
  });

  it('writes to LanceDB what its own row conversion writes', async () => {
    const connection = await lancedb.connect(directory);
    const ours = await connection.createEmptyTable('ours', schema);
    const theirs = await connection.createEmptyTable('theirs', schema);
    await ours.add(rowsToArrowTable(schema, rows));
    await theirs.add(
      rows.map((row) => ({ ...row, vector: row.vector === null ? null : Array.from(row.vector) })),
    );
    const readAll = async (table: lancedb.Table) =>
      (await table.query().toArray()).map((row) => JSON.parse(JSON.stringify(row)));
    const written = await readAll(ours);
    expect(written.map((row) => row.vector)).toEqual([[0.5, 1, -2], [3, 4, 5], null]);
    expect(written).toEqual(await readAll(theirs));
    connection.close();
  });
});

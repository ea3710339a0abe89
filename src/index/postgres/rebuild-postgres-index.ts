import { createHash } from 'node:crypto';
import type pg from 'pg';
import { KnowhowError } from '../../core/errors.js';
import { checkSchemaName, dropSchemas, readNamespaceOid, tableNames } from './postgres-schema.js';
import { withPostgresClient } from './with-postgres-client.js';

/**
 * `ingest --rebuild` on PostgreSQL: the new index is built in a staging schema beside the old
 * one, which keeps answering (a running server reads it throughout), and replaces it in one
 * transaction of two renames only once the build has succeeded. A failed build drops the staging
 * schema; a crash leaves the old schema as it was and a staging one that the next rebuild drops.
 * Everything an index holds lives in its schema and refers to its own objects by OID (identity
 * sequences, indexes, the meta table), so a schema renamed whole is a whole index; readers'
 * statements name tables by schema, and PostgreSQL re-plans them after the rename.
 * The caller holds the index's writer lock throughout. The staging schema's own writer lock
 * (taken by the build's writes) has another key, and nothing takes the two in the other order.
 */

/** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN − 1). */
const IDENTIFIER_MAX = 63;
const STAGING_SUFFIX = '_rebuild';
const REPLACED_SUFFIX = '_replaced';

/** Extensions whose objects the index's columns and indexes use; they must outlive any index schema. */
const EXTENSIONS = ['vector', 'pg_textsearch'];

/** The tables an index schema holds (postgres-schema.ts): a leftover holding anything else is not ours. */
const INDEX_TABLES = [
  'meta',
  'documents',
  'access_sets',
  'terms',
  'chunks',
  'corpus_stats',
  'term_stats',
  'postings',
];

export interface RebuildSchemaNames {
  /** Where the new index is built. */
  staging: string;
  /** What the old index is renamed to in the swap, until it is dropped. */
  replaced: string;
}

/**
 * The staging and set-aside names of `schema`, within the identifier limit: a name too long for
 * the longer suffix is cut and told apart by a digest of the whole name (the same every run).
 */
export function rebuildSchemaNamesOf(schema: string): RebuildSchemaNames {
  const checked = checkSchemaName(schema);
  const room = IDENTIFIER_MAX - REPLACED_SUFFIX.length;
  const base =
    checked.length <= room
      ? checked
      : `${checked.slice(0, room - 9)}_${createHash('sha256').update(checked).digest('hex').slice(0, 8)}`;
  return { staging: `${base}${STAGING_SUFFIX}`, replaced: `${base}${REPLACED_SUFFIX}` };
}

/**
 * Builds a new index with `build` (given the staging schema's name; it writes it and closes its
 * store before returning), then swaps it in. If `build` throws, the staging schema is dropped
 * and the index is untouched.
 */
export async function rebuildPostgresIndex<T>(
  options: { url: string; schema: string },
  build: (staging: string) => Promise<T>,
): Promise<T> {
  const schema = checkSchemaName(options.schema);
  const names = rebuildSchemaNamesOf(schema);
  const connection = (message: string) => ({
    url: options.url,
    applicationName: 'knowhow rebuild',
    message,
  });
  await withPostgresClient(
    connection('Preparing the rebuild of the index schema failed.'),
    async (client) => {
      await refuseExtensionsInside(client, [schema, names.staging, names.replaced]);
      await refuseForeignSchemas(client, schema, [names.staging, names.replaced]);
      await dropSchemas(client, [names.staging, names.replaced]);
    },
  );
  let result: T;
  try {
    result = await build(names.staging);
  } catch (error) {
    await withPostgresClient(connection('Dropping the failed rebuild failed.'), (client) =>
      dropSchemas(client, [names.staging]),
    ).catch(() => {});
    throw error;
  }
  await withPostgresClient(connection('Swapping in the rebuilt index failed.'), async (client) => {
    await swapSchemas(client, { schema, ...names });
    await dropSchemas(client, [names.replaced]);
  });
  return result;
}

/**
 * `DROP SCHEMA … CASCADE` would take an extension installed inside the schema along, and with it
 * every column of its types in other schemas: refused instead, saying how to move it out.
 */
async function refuseExtensionsInside(client: pg.Client, schemas: string[]): Promise<void> {
  const { rows } = await client.query(
    `SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = ANY($1::text[]) AND n.nspname = ANY($2::text[])`,
    [EXTENSIONS, schemas],
  );
  const found = rows[0];
  if (!found) return;
  throw new KnowhowError(
    'INDEX_FAILED',
    `The ${found.extname} extension is installed inside the index schema "${found.nspname}": a rebuild drops that schema, and would take the extension with it.`,
    {
      hint: `Move it out first: \`ALTER EXTENSION ${found.extname} SET SCHEMA public;\` (as its owner), then run the rebuild again.`,
      details: { extension: found.extname, schema: found.nspname },
    },
  );
}

/**
 * A schema under a staging or set-aside name is what an interrupted rebuild left, and is dropped,
 * only when it holds nothing but index tables (or nothing yet): a schema of someone else's that
 * happens to have the name is refused, never dropped.
 */
async function refuseForeignSchemas(client: pg.Client, schema: string, schemas: string[]): Promise<void> {
  const { rows } = await client.query(
    `SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND NOT (c.relname = ANY($2::text[]))
      ORDER BY 1, 2 LIMIT 1`,
    [schemas, INDEX_TABLES],
  );
  const found = rows[0];
  if (!found) return;
  throw new KnowhowError(
    'INDEX_FAILED',
    `The schema "${found.nspname}" holds "${found.relname}", which no knowhow index has: a rebuild of "${schema}" builds under that schema's name and would drop it.`,
    {
      hint: `Rename that schema (\`ALTER SCHEMA ${found.nspname} RENAME TO …;\`), or give the index another schema (index.schema in knowhow.yaml), then run the rebuild again.`,
      details: { schema: found.nspname, relation: found.relname },
    },
  );
}

/** The old index aside and the new one in its place, in one transaction: readers see one or the other. */
async function swapSchemas(client: pg.Client, names: { schema: string } & RebuildSchemaNames): Promise<void> {
  const quoted = (schema: string) => tableNames(schema).schema;
  try {
    await client.query('BEGIN');
    if ((await readNamespaceOid(client, names.schema)) !== undefined) {
      await client.query(`ALTER SCHEMA ${quoted(names.schema)} RENAME TO ${quoted(names.replaced)}`);
    }
    await client.query(`ALTER SCHEMA ${quoted(names.staging)} RENAME TO ${quoted(names.schema)}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

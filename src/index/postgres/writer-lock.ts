import os from 'node:os';
import pg from 'pg';
import { redactDatabaseUrl } from '../../core/database-url.js';
import { KnowhowError } from '../../core/errors.js';
import type { IndexWriter, WriteSessionOptions } from '../../core/index-store.js';
import { lockKey } from './chunk-rows.js';
import { describePostgresError, isConnectionError } from './postgres-errors.js';
import { checkSchemaName } from './postgres-schema.js';

/**
 * The index's whole-run writer lock on PostgreSQL: a session advisory lock on a connection of its
 * own, held across a run of writes (`knowhow ingest`, prune, optimize, copy). Every single write
 * of every process takes the shared form of the same lock in its transaction, so while one
 * process holds the run lock no other process's write commits, and the run lock waits for writes
 * in flight. A crashed holder's connection closes and the server releases the lock: nothing stale
 * is ever left behind. Readers take no lock.
 *
 * Within one process the lock is re-entrant (like the LanceDB store's lock file): the run's own
 * stores see `holdsPostgresWriterLock` and skip the shared form, which would otherwise wait for
 * their own run.
 */

export interface PostgresWriterLock {
  release(): Promise<void>;
}

const held = new Map<string, { holders: number; client: pg.Client }>();

function heldKey(url: string, schema: string): string {
  return `${url}\0${schema}`;
}

/** The advisory-lock key every writer of this index shares. */
export function writerLockKey(schema: string): string {
  return lockKey(schema, 'writers');
}

export function holdsPostgresWriterLock(url: string, schema: string): boolean {
  return held.has(heldKey(url, schema));
}

/** Who holds the lock is told by its connection's application_name, which this sets. */
function applicationName(purpose: string): string {
  return `knowhow ${purpose} pid ${process.pid}@${os.hostname()}`.slice(0, 63);
}

function parseWriter(name: string, startedAt: string): IndexWriter | null {
  const match = /^knowhow (.+) pid (\d+)@(.*)$/.exec(name);
  if (!match) return null;
  return { purpose: match[1]!, pid: Number(match[2]), hostname: match[3]!, startedAt };
}

function describeWriter(writer: IndexWriter | null): string {
  if (!writer) return 'another process';
  const host = writer.hostname === os.hostname() ? '' : ` on ${writer.hostname}`;
  return `${writer.purpose} of pid ${writer.pid}${host} (started ${writer.startedAt})`;
}

/** The holder of the exclusive lock, read from pg_locks (advisory keys split into two 32-bit ids). */
async function readWriter(client: pg.Client, key: string): Promise<IndexWriter | null> {
  const value = BigInt.asUintN(64, BigInt(key));
  const { rows } = await client.query(
    `SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.mode = 'ExclusiveLock'
        AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 1 LIMIT 1`,
    [String(value >> 32n), String(value & 0xffffffffn)],
  );
  const row = rows[0];
  if (!row) return null;
  const started =
    row.backend_start instanceof Date ? row.backend_start.toISOString() : String(row.backend_start);
  return parseWriter(String(row.application_name ?? ''), started);
}

/**
 * Takes the run lock, waiting up to `waitSeconds` (0: fail at once with INDEX_LOCKED; Infinity:
 * as long as it takes), telling `onWaiting` once who holds it.
 */
export async function acquirePostgresWriterLock(
  options: { url: string; schema: string } & WriteSessionOptions,
): Promise<PostgresWriterLock> {
  const schema = checkSchemaName(options.schema);
  const mapKey = heldKey(options.url, schema);
  const mine = held.get(mapKey);
  if (mine) {
    mine.holders++;
    return releaseOnce(mapKey);
  }
  const key = writerLockKey(schema);
  const purpose = options.purpose ?? 'write';
  const redactedUrl = redactDatabaseUrl(options.url);
  const client = new pg.Client({ connectionString: options.url, application_name: applicationName(purpose) });
  client.on('error', () => {});
  const waitSeconds = options.waitSeconds ?? 0;
  const deadline = Date.now() + Math.max(0, waitSeconds) * 1000;
  try {
    await client.connect();
    let told = false;
    let pause = 50;
    for (;;) {
      const { rows } = await client.query('SELECT pg_try_advisory_lock($1::bigint) AS taken', [key]);
      if (rows[0]?.taken === true) break;
      // Taken meanwhile by another part of this process (its holder shares our lock, see above).
      const other = held.get(mapKey);
      if (other) {
        await client.end().catch(() => {});
        other.holders++;
        return releaseOnce(mapKey);
      }
      const writer = await readWriter(client, key).catch(() => null);
      if (Date.now() >= deadline) {
        throw new KnowhowError(
          'INDEX_LOCKED',
          `The index in schema "${schema}" of ${redactedUrl} is being written by the ${describeWriter(writer)}${waitSeconds > 0 ? `; waited ${waitSeconds} s` : ''}.`,
          {
            hint: 'Run again when it has finished, or wait for it with --wait <seconds>. Searches are not blocked.',
            details: { ...(writer ?? {}), retryAfterSeconds: 5 },
          },
        );
      }
      if (!told) {
        told = true;
        options.onWaiting?.(
          `waiting for the ${describeWriter(writer)} (up to ${Number.isFinite(waitSeconds) ? `${waitSeconds} s` : 'as long as it takes'}; --wait sets how long)`,
          writer ?? { pid: 0, hostname: '', startedAt: '', purpose: 'write' },
        );
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(pause, Math.max(0, deadline - Date.now()))),
      );
      pause = Math.min(pause * 2, 500);
    }
  } catch (error) {
    await client.end().catch(() => {});
    if (KnowhowError.isInstance(error)) throw error;
    throw new KnowhowError(
      isConnectionError(error) ? 'INDEX_UNAVAILABLE' : 'INDEX_FAILED',
      `Taking the index write lock on ${redactedUrl} failed: ${describePostgresError(error)}`,
      { cause: error, hint: 'Check that the server runs and the URL (KNOWHOW_DATABASE_URL) is right.' },
    );
  }
  held.set(mapKey, { holders: 1, client });
  return releaseOnce(mapKey);
}

function releaseOnce(mapKey: string): PostgresWriterLock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      const entry = held.get(mapKey);
      if (!entry) return;
      entry.holders--;
      if (entry.holders > 0) return;
      held.delete(mapKey);
      // Ending the session releases its advisory locks, whatever state the connection is in.
      await entry.client.end().catch(() => {});
    },
  };
}

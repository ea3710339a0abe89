/**
 * Throwaway PostgreSQL servers for tests and benchmarks: a real PostgreSQL cluster (initdb +
 * pg_ctl in a temporary folder, on a free loopback port, trust authentication on loopback only),
 * or PGlite (PostgreSQL in WebAssembly) served over the wire protocol. Either is reached through
 * the same `pg` driver code path as a production database.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { KnowhowError } from '../core/errors.js';

const run = promisify(execFile);

export interface ThrowawayServer {
  /** postgres://… on 127.0.0.1; no password (trust on loopback). */
  url: string;
  /** What runs behind the URL, e.g. "PostgreSQL 15 (/usr/lib/postgresql/15/bin)" or "PGlite 0.5.14". */
  description: string;
  stop(): Promise<void>;
}

/** The folder of PostgreSQL's server binaries: KNOWHOW_PG_BIN, else the newest Debian layout, else pg_config. */
export function findPostgresBinaries(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates: string[] = [];
  if (env.KNOWHOW_PG_BIN) candidates.push(env.KNOWHOW_PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => path.join(debian, version, 'bin')));
  }
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // No pg_config on the PATH: the candidates above are all there is.
  }
  return (
    candidates.find(
      (folder) => existsSync(path.join(folder, 'initdb')) && existsSync(path.join(folder, 'pg_ctl')),
    ) ?? null
  );
}

/** A port nobody listens on right now (the kernel picks it; a race with another process is possible but rare). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` user. */
async function runAsOwner(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return isRoot() ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
}

async function ownerIds(): Promise<{ uid: number; gid: number } | null> {
  if (!isRoot()) return null;
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
}

export interface StartPostgresOptions {
  /** Server settings (`-c name=value`), e.g. shared_buffers for benchmarks. */
  settings?: Record<string, string>;
  /**
   * Tests turn durability off (fsync, full_page_writes): a killed client, not a killed server,
   * is what they exercise, and it saves seconds. Benchmarks keep PostgreSQL's defaults.
   */
  durable?: boolean;
}

/**
 * Starts a PostgreSQL cluster in a temporary folder and returns its URL; `stop()` shuts it down
 * and deletes the folder. An exit handler stops it too if the process ends without calling stop.
 */
export async function startThrowawayPostgres(options: StartPostgresOptions = {}): Promise<ThrowawayServer> {
  const binaries = findPostgresBinaries();
  if (!binaries) {
    throw new KnowhowError(
      'INDEX_UNAVAILABLE',
      'No PostgreSQL server binaries (initdb, pg_ctl) were found.',
      {
        hint: 'Install them (`apt-get install -y postgresql`) or set KNOWHOW_PG_BIN to the folder holding initdb.',
      },
    );
  }
  const root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-pg-'));
  const data = path.join(root, 'data');
  const socket = path.join(root, 'socket');
  await mkdir(socket);
  const owner = await ownerIds();
  if (owner) {
    // mkdtemp makes the folder 0700 and root's; the postgres user must be able to enter and write it.
    for (const folder of [root, socket]) await chown(folder, owner.uid, owner.gid);
    await chmod(root, 0o700);
  }
  const log = path.join(root, 'server.log');
  let started = false;
  const stopSync = () => {
    if (!started) return;
    try {
      const args = ['-D', data, 'stop', '-m', 'immediate'];
      if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', path.join(binaries, 'pg_ctl'), ...args]);
      else execFileSync(path.join(binaries, 'pg_ctl'), args);
    } catch {
      // Already stopped.
    }
  };
  process.once('exit', stopSync);
  try {
    await runAsOwner(path.join(binaries, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await findFreePort();
    const settings: Record<string, string> = {
      port: String(port),
      listen_addresses: '127.0.0.1',
      unix_socket_directories: socket,
      max_connections: '100',
      ...(options.durable ? {} : { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' }),
      ...options.settings,
    };
    const serverOptions = Object.entries(settings)
      .map(([name, value]) => `-c ${name}=${value}`)
      .join(' ');
    await runAsOwner(path.join(binaries, 'pg_ctl'), [
      '-D',
      data,
      '-o',
      serverOptions,
      '-l',
      log,
      '-w',
      'start',
    ]);
    started = true;
    const { stdout } = await run(path.join(binaries, 'postgres'), ['--version']);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      description: `${stdout.trim()} (${binaries})`,
      stop: async () => {
        process.removeListener('exit', stopSync);
        if (started) {
          started = false;
          await runAsOwner(path.join(binaries, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast']).catch(() =>
            runAsOwner(path.join(binaries, 'pg_ctl'), ['-D', data, 'stop', '-m', 'immediate']),
          );
        }
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    stopSync();
    process.removeListener('exit', stopSync);
    const serverLog = await readFile(log, 'utf8').catch(() => '');
    await rm(root, { recursive: true, force: true });
    throw new KnowhowError('INDEX_UNAVAILABLE', 'A throwaway PostgreSQL cluster could not be started.', {
      cause: error,
      hint: `initdb/pg_ctl from ${binaries} failed${serverLog ? `; server log: ${serverLog.slice(-600)}` : ''}`,
    });
  }
}

export type PgliteExtension = 'vector' | 'pg_textsearch';

/**
 * PGlite (PostgreSQL 18 in WebAssembly, one backend) with pgvector and pg_textsearch, served on a
 * free loopback port by @electric-sql/pglite-socket. Those packages are development
 * dependencies: loaded here on demand so that the CLI never needs them.
 */
export async function startPgliteServer(
  options: { extensions?: PgliteExtension[]; maxConnections?: number } = {},
): Promise<ThrowawayServer> {
  const wanted = options.extensions ?? ['vector', 'pg_textsearch'];
  let modules: {
    pglite: typeof import('@electric-sql/pglite');
    socket: typeof import('@electric-sql/pglite-socket');
    vector: typeof import('@electric-sql/pglite-pgvector');
    textsearch: typeof import('@electric-sql/pglite-pg_textsearch');
  };
  try {
    modules = {
      pglite: await import('@electric-sql/pglite'),
      socket: await import('@electric-sql/pglite-socket'),
      vector: await import('@electric-sql/pglite-pgvector'),
      textsearch: await import('@electric-sql/pglite-pg_textsearch'),
    };
  } catch (error) {
    throw new KnowhowError('INDEX_UNAVAILABLE', 'PGlite is not installed.', {
      cause: error,
      hint: 'It is a development dependency: run `npm install` in a checkout of knowhow.',
    });
  }
  const extensions: import('@electric-sql/pglite').Extensions = {};
  if (wanted.includes('vector')) extensions.vector = modules.vector.vector;
  if (wanted.includes('pg_textsearch')) extensions.pg_textsearch = modules.textsearch.pg_textsearch;
  const db: import('@electric-sql/pglite').PGlite = await modules.pglite.PGlite.create({ extensions });
  const server = new modules.socket.PGLiteSocketServer({
    db,
    port: 0,
    host: '127.0.0.1',
    // One backend behind all of them: the socket server runs one connection's transaction at a time.
    maxConnections: options.maxConnections ?? 16,
  });
  await server.start();
  const version = (await db.query<{ version: string }>('SELECT version()')).rows[0]?.version ?? 'PGlite';
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    description: version.replace(/ on wasm32.*$/, ''),
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

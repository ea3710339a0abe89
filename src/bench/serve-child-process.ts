import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { KnowhowError } from '../core/errors.js';

/** The server child of the serve benchmarks (dist/bench/serve-benchmark-child.js) and its memory. */

/** VmRSS of a /proc/<pid>/status text, in MB; null when it has none (a zombie). */
function rssMbOf(status: string): number | null {
  const kilobytes = Number(status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1]);
  return Number.isFinite(kilobytes) ? kilobytes / 1024 : null;
}

export async function readRssMb(pid: number): Promise<number | null> {
  try {
    return rssMbOf(await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null;
  }
}

/** The RSS of each process whose parent is `pid` (the server's index writer), in MB; [] without /proc. */
export async function readChildrenRssMb(pid: number): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const sizes: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = await readFile(`/proc/${entry}/status`, 'utf8');
      if (Number(status.match(/^PPid:\s+(\d+)/m)?.[1]) !== pid) continue;
      const megabytes = rssMbOf(status);
      if (megabytes !== null) sizes.push(megabytes);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return sizes;
}

/**
 * GLIBC_TUNABLES from a process's /proc/<pid>/environ. glibc 2.36 parses it in place at start-up,
 * putting a NUL where each ':' was: `a=1:b=2` reads back as `GLIBC_TUNABLES=a=1`, `b=2`.
 */
export function readGlibcTunables(environ: string): string | null {
  const entries = environ.split('\0');
  const start = entries.findIndex((entry) => entry.startsWith('GLIBC_TUNABLES='));
  if (start < 0) return null;
  const tunables = [entries[start]!.slice('GLIBC_TUNABLES='.length)];
  for (const entry of entries.slice(start + 1)) {
    if (!entry.startsWith('glibc.')) break;
    tunables.push(entry);
  }
  return tunables.join(':');
}

/**
 * The allocator the server runs on, from the libraries mapped into it and its GLIBC_TUNABLES: RSS
 * growth under many small uploads depends on it (200 uploads here: glibc malloc with its defaults
 * kept 116–155 MB, with mmap_threshold=131072 and arena_max=2 31–45 MB, jemalloc through
 * LD_PRELOAD 68–81 MB).
 */
export async function readAllocator(pid: number): Promise<string | null> {
  try {
    const maps = await readFile(`/proc/${pid}/maps`, 'utf8');
    if (maps.includes('libjemalloc')) return 'jemalloc';
    if (maps.includes('libtcmalloc')) return 'tcmalloc';
    if (maps.includes('libmimalloc')) return 'mimalloc';
    const tunables = readGlibcTunables(await readFile(`/proc/${pid}/environ`, 'utf8'));
    return tunables ? `the C library malloc (GLIBC_TUNABLES=${tunables})` : 'the C library malloc';
  } catch {
    return null;
  }
}

export async function startServerChild(
  script: string,
  workspaceRoot: string,
  extraArguments: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [script, workspaceRoot, ...extraArguments], {
    env: { ...process.env, LANCEDB_LOG: 'error', NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error('the server did not start within 30 s')), 30_000);
    child.stdout?.on('data', (data: Buffer) => {
      stdout += data.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code}: ${stderr.trim()}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw new KnowhowError('INTERNAL', `Serve benchmark: ${(error as Error).message}`);
  });
  return { child, url };
}

export async function stopServerChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

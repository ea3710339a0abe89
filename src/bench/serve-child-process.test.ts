import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAllocator, readGlibcTunables } from './serve-child-process.js';

const jemalloc = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';
const linux = process.platform === 'linux';

describe('readGlibcTunables', () => {
  it("joins again what glibc split at the ':'s, and stops at the next variable", () => {
    const environ = ['HOME=/root', 'GLIBC_TUNABLES=glibc.a=1', 'glibc.b=2', 'PATH=/bin', ''].join('\0');
    expect(readGlibcTunables(environ)).toBe('glibc.a=1:glibc.b=2');
    expect(readGlibcTunables('HOME=/root\0PATH=/bin\0')).toBeNull();
  });
});

describe('readAllocator', () => {
  it.skipIf(!linux)('names the C library malloc for a plain Node process', async () => {
    expect(process.env.LD_PRELOAD ?? '').not.toContain('jemalloc');
    expect(await readAllocator(process.pid)).toBe('the C library malloc');
  });

  it.skipIf(!linux || !existsSync(jemalloc))(
    'names jemalloc in a process started with it preloaded',
    async () => {
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], {
        env: { ...process.env, LD_PRELOAD: jemalloc },
        stdio: 'ignore',
      });
      try {
        await new Promise((resolve) => child.once('spawn', resolve));
        await expect.poll(() => readAllocator(child.pid!)).toBe('jemalloc');
      } finally {
        child.kill();
      }
    },
  );

  it.skipIf(!linux)('names the GLIBC_TUNABLES a process started with', async () => {
    const tunables = 'glibc.malloc.mmap_threshold=131072:glibc.malloc.arena_max=2';
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], {
      env: { ...process.env, GLIBC_TUNABLES: tunables },
      stdio: 'ignore',
    });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      await expect
        .poll(() => readAllocator(child.pid!))
        .toBe(`the C library malloc (GLIBC_TUNABLES=${tunables})`);
    } finally {
      child.kill();
    }
  });

  it('answers null for a process that is not there', async () => {
    expect(await readAllocator(2 ** 22 + 7)).toBeNull();
  });
});

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAllocator } from './serve-child-process.js';

const jemalloc = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';
const linux = process.platform === 'linux';

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

  it('answers null for a process that is not there', async () => {
    expect(await readAllocator(2 ** 22 + 7)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { streamFromCallbacks } from './stream-from-callbacks.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of iterable) parts.push(part);
  return parts;
}

describe('streamFromCallbacks', () => {
  it('yields emitted parts in order, then the final part', async () => {
    const stream = streamFromCallbacks<string>({
      run: async (emit) => {
        emit('a');
        await new Promise((resolve) => setTimeout(resolve, 2));
        emit('b');
        emit('c');
        return 'done';
      },
    });
    expect(await collect(stream)).toEqual(['a', 'b', 'c', 'done']);
  });

  it('yields what was emitted before a failure, then throws it', async () => {
    const parts: string[] = [];
    const stream = streamFromCallbacks<string>({
      run: async (emit) => {
        emit('partial');
        throw new Error('broke');
      },
    });
    await expect(
      (async () => {
        for await (const part of stream) parts.push(part);
      })(),
    ).rejects.toThrow('broke');
    expect(parts).toEqual(['partial']);
  });

  it('aborts the run when the consumer stops early, and waits for it to end', async () => {
    let aborted = false;
    let finished = false;
    const stream = streamFromCallbacks<number>({
      run: async (emit, signal) => {
        for (let index = 0; !signal.aborted; index++) {
          emit(index);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        aborted = true;
        finished = true;
        throw signal.reason;
      },
    });
    for await (const part of stream) {
      if (part >= 2) break;
    }
    expect(aborted).toBe(true);
    expect(finished).toBe(true);
  });

  it('passes the caller’s abort on to the run', async () => {
    const controller = new AbortController();
    const stream = streamFromCallbacks<string>({
      signal: controller.signal,
      run: (_emit, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('stopped')));
        }),
    });
    setTimeout(() => controller.abort(), 2);
    await expect(collect(stream)).rejects.toThrow('stopped');
  });
});

import { describe, expect, it } from 'vitest';
import { applyLanceMemoryDefaults, LANCE_MEMORY_DEFAULTS } from './lance-memory-defaults.js';

describe('applyLanceMemoryDefaults', () => {
  it('sets each default the environment lacks', () => {
    const env: NodeJS.ProcessEnv = {};
    applyLanceMemoryDefaults(env);
    expect(env).toEqual(LANCE_MEMORY_DEFAULTS);
    expect(env.LANCE_DEFAULT_IO_BUFFER_SIZE).toBe(String(16 * 1024 * 1024));
  });

  it('keeps a value the user set, and replaces only an empty one', () => {
    const env: NodeJS.ProcessEnv = { LANCE_DEFAULT_IO_BUFFER_SIZE: '2147483648' };
    applyLanceMemoryDefaults(env);
    expect(env.LANCE_DEFAULT_IO_BUFFER_SIZE).toBe('2147483648');
    const empty: NodeJS.ProcessEnv = { LANCE_DEFAULT_IO_BUFFER_SIZE: '' };
    applyLanceMemoryDefaults(empty);
    expect(empty.LANCE_DEFAULT_IO_BUFFER_SIZE).toBe(LANCE_MEMORY_DEFAULTS.LANCE_DEFAULT_IO_BUFFER_SIZE);
  });
});

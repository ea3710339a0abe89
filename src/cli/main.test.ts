import { describe, expect, it } from 'vitest';
import { selectedCommand } from './main.js';

describe('selectedCommand', () => {
  it('finds the command past global options and their values, and the target of help', () => {
    expect(selectedCommand(['advise', '--json'])).toBe('advise');
    expect(selectedCommand(['-C', 'project', '--json', 'advise'])).toBe('advise');
    expect(selectedCommand(['--config', 'a.yaml', 'eval', '--variants', 'rag'])).toBe('eval');
    expect(selectedCommand(['help', 'advise'])).toBe('advise');
    expect(selectedCommand(['--version'])).toBeUndefined();
  });
});

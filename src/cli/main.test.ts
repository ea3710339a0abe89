import { describe, expect, it } from 'vitest';
import { commandEntries } from './commands/index.js';
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

describe('command entries', () => {
  it('each entry loads the command it is named after, once per name', async () => {
    const names = commandEntries.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of commandEntries) expect((await entry.load()).name).toBe(entry.name);
  });
});

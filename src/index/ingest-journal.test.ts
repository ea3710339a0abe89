import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempFolder, removeTempFolder } from '../ingest/__fixtures__/temp-folder.js';
import { IngestJournal } from './ingest-journal.js';

let folder: string;
beforeEach(async () => {
  folder = await createTempFolder();
});
afterEach(async () => removeTempFolder(folder));

describe('IngestJournal', () => {
  it('accumulates: a later write never forgets the ids an earlier, interrupted one left', async () => {
    const first = new IngestJournal(folder);
    await first.mark(['a', 'b']);
    // The process dies here; the next one marks its own batch and commits it.
    const second = new IngestJournal(folder);
    await second.mark(['c']);
    await second.unmark(['c']);
    expect([...(await new IngestJournal(folder).read())].sort()).toEqual(['a', 'b']);
    await second.unmark(['a']);
    expect([...(await second.read())]).toEqual(['b']);
    await second.unmark(['b']);
    await expect(readFile(path.join(folder, 'pending-writes.json'))).rejects.toThrow();
    expect((await second.read()).size).toBe(0);
  });
});

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, createTempFolder, removeTempFolder, writeFiles } from '../__fixtures__/temp-folder.js';
import { type LineRead, readLines } from './read-lines.js';

function show(reads: LineRead[]): (string | number)[][] {
  return reads.map((read) =>
    'tooLong' in read ? [read.line, 'TOO LONG'] : [read.line, read.bytes.toString()],
  );
}

describe('readLines', () => {
  let root: string;
  beforeEach(async () => {
    root = await createTempFolder();
  });
  afterEach(async () => {
    await removeTempFolder(root);
  });

  it('yields each line with its number, without line endings, the last one unterminated', async () => {
    await writeFiles(root, { 'a.jsonl': 'one\r\ntwo\n\nfour' });
    const reads = (await collect(readLines({ path: path.join(root, 'a.jsonl'), maxLineBytes: 100 }))).flat();
    expect(show(reads)).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, ''],
      [4, 'four'],
    ]);
  });

  it('joins lines that span read chunks and skips lines over the limit without holding them', async () => {
    const long = 'x'.repeat(600 * 1024);
    const spanning = 'y'.repeat(300 * 1024);
    await writeFiles(root, { 'big.jsonl': `short\n${long}\n${spanning}\nend\n` });
    const reads = (
      await collect(readLines({ path: path.join(root, 'big.jsonl'), maxLineBytes: 400 * 1024 }))
    ).flat();
    expect(
      reads.map((read) => ('tooLong' in read ? [read.line, 'TOO LONG'] : [read.line, read.bytes.length])),
    ).toEqual([
      [1, 5],
      [2, 'TOO LONG'],
      [3, spanning.length],
      [4, 3],
    ]);
  });

  it('reports a final line over the limit', async () => {
    await writeFiles(root, { 'tail.jsonl': `ok\n${'z'.repeat(50)}` });
    const reads = (
      await collect(readLines({ path: path.join(root, 'tail.jsonl'), maxLineBytes: 10 }))
    ).flat();
    expect(show(reads)).toEqual([
      [1, 'ok'],
      [2, 'TOO LONG'],
    ]);
  });
});

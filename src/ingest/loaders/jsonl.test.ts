import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempFolder, loadFolder, removeTempFolder, writeFiles } from '../__fixtures__/temp-folder.js';

describe('loading JSON Lines', () => {
  let root: string;
  beforeEach(async () => {
    root = await createTempFolder();
  });
  afterEach(async () => {
    await removeTempFolder(root);
  });

  it('loads one record per line, skipping blank lines', async () => {
    await writeFiles(root, {
      'data/tickets.jsonl':
        '{"id":"t1","text":"Printer jam","title":"Ticket 1"}\r\n\n{"id":"t2","text":"VPN down"}\n',
      'more.ndjson': '{"id":1,"text":"x"}',
    });
    const { documents, failures } = await loadFolder({ root });
    expect(failures).toEqual([]);
    expect(documents.map(({ id, title, text }) => ({ id, title, text }))).toEqual([
      { id: 'data/tickets.jsonl#t1', title: 'Ticket 1', text: 'Printer jam' },
      { id: 'data/tickets.jsonl#t2', title: 't2', text: 'VPN down' },
      { id: 'more.ndjson#1', title: '1', text: 'x' },
    ]);
  });

  it('reports malformed lines, missing fields, bad UTF-8 and duplicates by line number, and goes on', async () => {
    const lines = [
      Buffer.from('{"id":"a","text":"first"}\n'),
      Buffer.from('{"id":"b","text": oops}\n'),
      Buffer.from('{"text":"no id"}\n'),
      Buffer.concat([Buffer.from('{"id":"c","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]),
      Buffer.from('{"id":"d","body":"wrong field"}\n'),
      Buffer.from('{"id":"a","text":"again"}\n'),
      Buffer.from('{"id":"e","text":"last"}'),
    ];
    await writeFiles(root, { 'records.jsonl': Buffer.concat(lines) });
    const { documents, failures } = await loadFolder({ root });
    expect(documents.map((document) => document.id)).toEqual(['records.jsonl#a', 'records.jsonl#e']);
    expect(
      failures.map(({ line, field, documentId, reason }) => ({ line, field, documentId, reason })),
    ).toEqual([
      {
        line: 2,
        field: undefined,
        documentId: 'records.jsonl',
        reason: expect.stringMatching(/^malformed JSON: /),
      },
      { line: 3, field: 'id', documentId: 'records.jsonl', reason: 'the record has no "id" field' },
      { line: 4, field: undefined, documentId: 'records.jsonl', reason: 'invalid UTF-8' },
      { line: 5, field: 'text', documentId: 'records.jsonl#d', reason: 'the record has no text in "text"' },
      {
        line: 6,
        field: 'id',
        documentId: 'records.jsonl#a',
        reason: 'duplicate id "records.jsonl#a" (first used on line 1)',
      },
    ]);
    expect(
      failures.every((failure) => failure.source === 'records.jsonl' && failure.code === 'INPUT_INVALID'),
    ).toBe(true);
  });

  it('bounds a line, not the file, by ingest.maxFileBytes', async () => {
    const record = (id: number) => `${JSON.stringify({ id, text: 'x'.repeat(40) })}\n`;
    await writeFiles(root, {
      'big.jsonl': `${record(1)}${record(2)}{"id":3,"text":"${'y'.repeat(200)}"}\n${record(4)}`,
    });
    const { documents, failures } = await loadFolder({ root, config: { maxFileBytes: 100 } });
    expect(documents.map((document) => document.id)).toEqual(['big.jsonl#1', 'big.jsonl#2', 'big.jsonl#4']);
    expect(failures).toEqual([
      expect.objectContaining({
        line: 3,
        reason: 'the line is longer than 100 bytes',
        hint: expect.stringContaining('ingest.maxFileBytes'),
      }),
    ]);
  });

  it('reports binary content and blank-only files once, not per line', async () => {
    await writeFiles(root, {
      'binary.jsonl': Buffer.from([0x7b, 0x00, 0x01, 0x0a, 0x00, 0x0a, 0x02]),
      'blank.jsonl': '\n  \n\n',
    });
    const { documents, failures } = await loadFolder({ root });
    expect(documents).toEqual([]);
    expect(failures).toEqual([
      expect.objectContaining({ source: 'binary.jsonl', reason: expect.stringContaining('binary content') }),
      expect.objectContaining({ source: 'blank.jsonl', reason: 'the file contains only blank lines' }),
    ]);
  });
});

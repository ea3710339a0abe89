import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempFolder, loadFolder, removeTempFolder, writeFiles } from '../__fixtures__/temp-folder.js';
import { lineOfJsonError } from './json.js';

describe('loading JSON records', () => {
  let root: string;
  beforeEach(async () => {
    root = await createTempFolder();
  });
  afterEach(async () => {
    await removeTempFolder(root);
  });

  it('loads an array of records with the default fields', async () => {
    await writeFiles(root, {
      'faq.json': JSON.stringify([
        { id: 'q1', title: 'Refunds', text: 'Within 14 days.', groups: ['Support'] },
        { id: 2, text: 'Second answer.' },
      ]),
    });
    const { documents, failures } = await loadFolder({ root });
    expect(failures).toEqual([]);
    expect(
      documents.map(({ id, source, title, text, groups, format }) => ({
        id,
        source,
        title,
        text,
        groups,
        format,
      })),
    ).toEqual([
      {
        id: 'faq.json#q1',
        source: 'faq.json#q1',
        title: 'Refunds',
        text: 'Within 14 days.',
        groups: ['support'],
        format: 'json',
      },
      {
        id: 'faq.json#2',
        source: 'faq.json#2',
        title: '2',
        text: 'Second answer.',
        groups: ['public'],
        format: 'json',
      },
    ]);
  });

  it('uses configured fields: id, several text fields, title, metadata and groups, nested by dotted path', async () => {
    await writeFiles(root, {
      'kb.json': JSON.stringify({
        records: [
          {
            key: 'kb-7',
            question: 'How long do refunds take?',
            answer: 'Fourteen days.',
            meta: { heading: 'Refunds', audience: ['staff', 'partners'] },
            rank: 3,
            extra: { nested: true },
            acl: 'Finance',
          },
        ],
      }),
    });
    const { documents, failures } = await loadFolder({
      root,
      config: {
        json: {
          id: 'key',
          text: ['question', 'answer'],
          title: 'meta.heading',
          metadata: ['rank', 'meta.audience', 'extra', 'missing'],
          groups: 'acl',
        },
      },
    });
    expect(failures).toEqual([]);
    expect(documents).toEqual([
      expect.objectContaining({
        id: 'kb.json#kb-7',
        title: 'Refunds',
        text: 'How long do refunds take?\n\nFourteen days.',
        groups: ['finance'],
        metadata: { extra: '{"nested":true}', 'meta.audience': 'staff, partners', rank: 3 },
      }),
    ]);
  });

  it('loads one object as one record', async () => {
    await writeFiles(root, { 'one.json': '{"id": "solo", "text": "Only record."}' });
    const { documents } = await loadFolder({ root });
    expect(documents.map((document) => document.id)).toEqual(['one.json#solo']);
  });

  it('reports each bad record by position and field, and keeps the rest', async () => {
    await writeFiles(root, {
      'mixed.json': JSON.stringify([
        { id: 'a', text: 'ok' },
        { text: 'no id' },
        { id: 'b' },
        { id: 'c', text: { not: 'text' } },
        'a string',
        { id: 'a', text: 'duplicate' },
        { id: 'd', text: 'also ok', groups: [] },
        { id: 'e', text: 'fine' },
      ]),
    });
    const { documents, failures } = await loadFolder({ root });
    expect(documents.map((document) => document.id)).toEqual(['mixed.json#a', 'mixed.json#e']);
    expect(failures.map(({ documentId, field, reason }) => ({ documentId, field, reason }))).toEqual([
      { documentId: 'mixed.json', field: 'id', reason: 'record 2: the record has no "id" field' },
      { documentId: 'mixed.json#b', field: 'text', reason: 'record 3: the record has no text in "text"' },
      {
        documentId: 'mixed.json#c',
        field: 'text',
        reason: 'record 4: "text" must be a string, not an object',
      },
      {
        documentId: 'mixed.json',
        field: undefined,
        reason: 'record 5: a record must be a JSON object, not a string',
      },
      {
        documentId: 'mixed.json#a',
        field: 'id',
        reason: 'record 6: duplicate id "mixed.json#a" (first used by record 1)',
      },
      {
        documentId: 'mixed.json#d',
        field: 'groups',
        reason:
          'record 7: "groups" must be a list of group names or a comma-separated string, with at least one name',
      },
    ]);
  });

  it('reports malformed JSON with its line', async () => {
    await writeFiles(root, { 'broken.json': '[\n  {"id": "a", "text": "x"},\n]\n' });
    const { failures } = await loadFolder({ root });
    expect(failures).toEqual([
      expect.objectContaining({
        source: 'broken.json',
        line: 3,
        reason: expect.stringMatching(/^malformed JSON: Unexpected token/),
      }),
    ]);
  });
});

describe('lineOfJsonError', () => {
  it('finds the line of the first syntax error', () => {
    expect(lineOfJsonError('{\n"a": 1,\n"b": [1, 2,]\n}')).toBe(3);
    expect(lineOfJsonError('[1,\n2\n')).toBe(3);
    expect(lineOfJsonError('{"a": "x\\q"}')).toBe(1);
    expect(lineOfJsonError('{"a": [true, null, -1.5e3, "\\u00e9"]}')).toBeUndefined();
  });
});

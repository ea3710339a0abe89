import { describe, expect, it } from 'vitest';
import { makeChunk, makeRecord } from '../../test/helpers/make-chunk.js';
import { surplusChunks } from './surplus-chunks.js';

const write = (id: string, chunks: number) => ({
  document: makeRecord(id, chunks),
  chunks: Array.from({ length: chunks }, (_, i) => makeChunk(id, i, `text ${i}`)),
});

describe('surplusChunks', () => {
  it('is null when no document had more chunks than it has now: the upsert alone replaces them', () => {
    const counts = new Map([
      ['a', 2],
      ['b', 1],
    ]);
    expect(surplusChunks([write('a', 2), write('b', 3)], (id) => counts.get(id))).toBeNull();
  });

  it('deletes the chunks of shorter versions outside their new ids, and all of a document that has none now', () => {
    const counts = new Map([
      ['a', 3],
      ['b', 1],
      ['c', 4],
    ]);
    expect(surplusChunks([write('a', 1), write('b', 1), write('c', 0)], (id) => counts.get(id))).toBe(
      "doc_id IN ('a', 'c') AND id NOT IN ('a#0')",
    );
    expect(surplusChunks([write('c', 0)], (id) => counts.get(id))).toBe("doc_id IN ('c')");
  });

  it('treats an unknown earlier count (no record, or caught mid-write) as possibly longer', () => {
    expect(surplusChunks([write('x', 2)], () => undefined)).toBe(
      "doc_id IN ('x') AND id NOT IN ('x#0', 'x#1')",
    );
  });
});

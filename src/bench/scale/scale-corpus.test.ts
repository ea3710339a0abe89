import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ScaleCorpus } from './scale-corpus.js';

describe('ScaleCorpus', () => {
  it('generates the corpus every earlier figure was measured on', () => {
    // A digest of passages, an edited document's hash and the queries, taken from the corpus as
    // first written (full binary search for the Zipf draw): a faster generator must not change
    // a word, or runs before and after it stop being comparable.
    const corpus = new ScaleCorpus();
    const digest = createHash('sha256');
    for (let i = 0; i < 20_000; i++) {
      digest.update(corpus.chunkText(i * 37, 0));
      digest.update(corpus.chunkText(i * 53, 2));
    }
    digest.update(corpus.document(4242, 10, 1).document.hash);
    digest.update(corpus.queries(50, 1_000_000).join('|'));
    expect(digest.digest('hex')).toBe('56e10e726003817b6d1998f8af506965fcc9a8f3584460da82b23fba8a38ac04');
  });

  it('hashes a document the same whether or not its chunks are built', () => {
    const corpus = new ScaleCorpus();
    const text = corpus.documentText(17, 10, 3);
    const built = corpus.document(17, 10, 3);
    expect(text.hash).toBe(built.document.hash);
    expect(built.chunks.map((chunk) => chunk.text)).toEqual(text.texts);
    expect(corpus.document(17, 10, 3, text)).toMatchObject({ document: { hash: text.hash } });
    expect(corpus.documentText(17, 10, 0).hash).not.toBe(text.hash);
  });
});

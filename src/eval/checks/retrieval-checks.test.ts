import { describe, expect, it } from 'vitest';
import { checkRetrieval } from './retrieval-checks.js';

describe('checkRetrieval', () => {
  it('reports recall, MRR and nDCG at k with ranks, recall deciding', () => {
    const results = checkRetrieval({
      sources: ['billing/refunds.md'],
      retrievedDocumentIds: ['faq.md', 'billing/refunds.md', 'faq.md', 'other.md'],
      k: 3,
    });
    expect(results).toEqual([
      {
        name: 'recall@k',
        kind: 'retrieval',
        verdict: 'pass',
        score: 1,
        reason: '1/1 source(s) in the top 3 (recall@3 1.00, pass at ≥ 0.5); "billing/refunds.md" at rank 2',
      },
      {
        name: 'mrr@k',
        kind: 'retrieval',
        verdict: 'skipped',
        score: 0.5,
        reason: 'MRR@3 0.50 (first source at rank 2; informational)',
      },
      {
        name: 'ndcg@k',
        kind: 'retrieval',
        verdict: 'skipped',
        score: 1 / Math.log2(3),
        reason: 'nDCG@3 0.63 (informational)',
      },
    ]);
  });

  it('fails a source outside the top k and needs half of several sources', () => {
    const missed = checkRetrieval({
      sources: ['a.md'],
      retrievedDocumentIds: ['b.md', 'c.md', 'a.md'],
      k: 2,
    });
    expect(missed[0]).toMatchObject({ verdict: 'fail', score: 0 });
    expect(missed[0]?.reason).toContain('missing: "a.md"');
    expect(missed[1]?.reason).toBe('MRR@2 0.00 (no source in the top 2; informational)');
    const sources = ['a.md', 'b.md', 'c.md'];
    expect(checkRetrieval({ sources, retrievedDocumentIds: ['a.md', 'x.md'], k: 5 })[0]?.verdict).toBe(
      'fail',
    );
    expect(checkRetrieval({ sources, retrievedDocumentIds: ['a.md', 'c.md'], k: 5 })[0]?.verdict).toBe(
      'pass',
    );
    expect(
      checkRetrieval({ sources, retrievedDocumentIds: ['a.md', 'c.md'], k: 5, minRecall: 1 })[0]?.verdict,
    ).toBe('fail');
  });

  it('is skipped without sources or without retrieval', () => {
    expect(
      checkRetrieval({ sources: [], retrievedDocumentIds: ['a.md'], k: 5 }).map((r) => r.reason),
    ).toEqual(['the case lists no sources', 'the case lists no sources', 'the case lists no sources']);
    const none = checkRetrieval({ sources: ['a.md'], retrievedDocumentIds: undefined, k: 5 });
    expect(
      none.every(
        (result) => result.verdict === 'skipped' && result.reason === 'this variant does no retrieval',
      ),
    ).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { runLanceDbPeer } from './run-lancedb-peer.js';

describe('runLanceDbPeer', () => {
  const queries = [{ id: 'q', text: 'Where do otters sleep?' }];
  const qrels = new Map([['q', new Map([['otters', 1]])]]);

  it('ranks whole documents with LanceDB’s own analyzer for the language', async () => {
    const result = await runLanceDbPeer({
      documents: [
        { id: 'otters', title: 'Otters', text: 'Otters sleep floating on their backs.' },
        { id: 'bats', title: 'Bats', text: 'Bats hang upside down.' },
      ],
      queries,
      qrels,
      language: 'english',
    });
    expect(result.ndcgAt10).toBe(1);
    expect(result.analyzer).toContain('English analyzer');
  });

  it('over passages, ranks a document where its best passage stands, once', async () => {
    const result = await runLanceDbPeer({
      documents: [
        { id: 'bats#0', documentId: 'bats', title: 'Bats', text: 'Bats sleep hanging; bats sleep all day.' },
        { id: 'otters#0', documentId: 'otters', title: 'Otters', text: 'Otters sleep floating.' },
        { id: 'otters#1', documentId: 'otters', title: 'Otters', text: 'Otters sleep holding paws.' },
      ],
      queries,
      qrels,
      language: 'english',
    });
    // Both otter passages match "otters" and "sleep": the document ranks first, and counts once.
    expect(result.ndcgAt10).toBe(1);
    expect(result.recallAt100).toBe(1);
  });
});

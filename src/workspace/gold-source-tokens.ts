import type { TestCase } from '../core/case-types.js';
import type { IndexStore } from '../core/index-store.js';
import type { GoldSourceTokens } from '../decide/index.js';
import { passageTokens } from '../generate/index.js';

/**
 * Corpora up to this many documents are read whole to size the corpus (one chunk query per
 * document: the 60-document example reads in ~0.1 s); a larger one is sized from its chunk count.
 */
const CORPUS_READ_LIMIT = 500;

export interface ContextFacts {
  cases: GoldSourceTokens[];
  corpusTokens?: number;
}

/** Prompt tokens of each case's indexed gold documents, whole, and of the corpus: what the context budget measures. */
export async function measureGoldSourceTokens(
  store: IndexStore,
  cases: readonly TestCase[],
): Promise<ContextFacts> {
  const tokensOf = new Map<string, number | null>();
  const documentTokens = async (documentId: string): Promise<number | null> => {
    if (!tokensOf.has(documentId)) {
      const chunks = await store.getDocumentChunks(documentId);
      tokensOf.set(
        documentId,
        // Sized as the long-context packer and generateAnswer size them (header, text, framing), so
        // "fits" here means the packer places it: chunk.tokens alone left out ~24% on the helpdesk example.
        chunks.length === 0 ? null : chunks.reduce((sum, chunk) => sum + passageTokens(chunk), 0),
      );
    }
    return tokensOf.get(documentId) ?? null;
  };
  const measured: GoldSourceTokens[] = [];
  for (const testCase of cases) {
    let tokens = 0;
    let found = 0;
    for (const source of new Set(testCase.sources)) {
      const count = await documentTokens(source);
      if (count === null) continue;
      tokens += count;
      found += 1;
    }
    if (found > 0) measured.push({ caseId: testCase.id, tokens });
  }
  const documents = [...(await store.listDocuments()).keys()];
  if (documents.length > CORPUS_READ_LIMIT) return { cases: measured };
  let corpusTokens = 0;
  for (const documentId of documents) corpusTokens += (await documentTokens(documentId)) ?? 0;
  return { cases: measured, corpusTokens };
}

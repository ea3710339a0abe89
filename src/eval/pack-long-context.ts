import { readerMayRead } from '../core/reader-access.js';
import { estimateTokens } from '../core/text/count-tokens.js';
import type { Chunk, Reader, SearchHit } from '../core/types.js';
import type { LanguageModel } from '../providers/spec.js';

/** Hits asked of retrieval to rank documents when not all fit: 50 passages name the ~10–50 documents that matter. */
export const LONG_CONTEXT_RANKED_HITS = 50;

/**
 * Tokens the documents may take: the window less what generateAnswer keeps back (512 for the
 * answer, 400 for instructions) and the question — the same sums, so that its packing keeps
 * every passage placed here. A model that states no window is budgeted at generateAnswer's 8192.
 */
export function longContextBudget(model: LanguageModel, question: string): number {
  const count = model.countTokens?.bind(model) ?? estimateTokens;
  return Math.max(0, (model.contextWindow ?? 8192) - 512 - 400 - count(question));
}

/**
 * The long-context variant's prompt: the reader's documents, whole, as many as fit the budget —
 * every readable document when they all fit ("just put it all in the prompt"), else documents in
 * the order retrieval ranks them (then the rest by id) until the next one would overflow. Whole
 * documents, never a document cut in the middle: that would be RAG with big chunks.
 */
export interface PackLongContextOptions {
  documents: ReadonlyMap<string, readonly Chunk[]>;
  reader: Reader;
  /** Document ids ranked for the question (best first); only used when not all documents fit. */
  rankedDocumentIds: readonly string[];
  budgetTokens: number;
}

export interface LongContext {
  hits: SearchHit[];
  /** Documents placed in the prompt, and how many the reader may read in all. */
  documents: number;
  readable: number;
  /** Tokens of every readable document, and of those placed. */
  readableTokens: number;
  tokens: number;
}

function documentTokens(chunks: readonly Chunk[]): number {
  return chunks.reduce((total, chunk) => total + chunk.tokens, 0);
}

export function packLongContext(options: PackLongContextOptions): LongContext {
  const readable = [...options.documents]
    .filter(([, chunks]) => chunks.length > 0 && readerMayRead(options.reader, chunks[0]?.groups ?? []))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const readableTokens = readable.reduce((total, [, chunks]) => total + documentTokens(chunks), 0);
  let order = readable;
  if (readableTokens > options.budgetTokens) {
    const rank = new Map(options.rankedDocumentIds.map((id, index) => [id, index]));
    order = [...readable].sort(
      ([a], [b]) => (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER),
    );
  }
  const placed: Chunk[] = [];
  let tokens = 0;
  let documents = 0;
  for (const [, chunks] of order) {
    const size = documentTokens(chunks);
    if (tokens + size > options.budgetTokens) continue;
    tokens += size;
    documents += 1;
    placed.push(...[...chunks].sort((a, b) => a.index - b.index));
  }
  return {
    hits: placed.map((chunk, index) => ({ chunk, score: 1 / (index + 1), rank: index + 1 })),
    documents,
    readable: readable.length,
    readableTokens,
    tokens,
  };
}

import { readerMayRead } from '../core/reader-access.js';
import { estimateTokens, type TokenCounter } from '../core/text/count-tokens.js';
import type { Chunk, Reader, SearchHit } from '../core/types.js';
import { passageTokens } from '../generate/index.js';
import type { LanguageModel } from '../providers/spec.js';

/** Hits asked of retrieval to rank documents when not all fit: 50 passages name the ~10–50 documents that matter. */
export const LONG_CONTEXT_RANKED_HITS = 50;

/** generateAnswer's default answer reserve: what eval answers with. */
const DEFAULT_ANSWER_TOKENS = 512;

/**
 * Tokens the documents may take: the window less what generateAnswer keeps back (the answer's
 * max tokens, 512 by default as in eval, and 400 for instructions) and the question — the same
 * sums, so that its packing keeps every passage placed here. A model that states no window is
 * budgeted at generateAnswer's 8192. `serve` passes the request's max tokens as `answerTokens`.
 */
export function longContextBudget(
  model: LanguageModel,
  question: string,
  answerTokens: number = DEFAULT_ANSWER_TOKENS,
): number {
  const count = model.countTokens?.bind(model) ?? estimateTokens;
  return Math.max(0, (model.contextWindow ?? 8192) - answerTokens - 400 - count(question));
}

/**
 * The long-context variant's prompt: the reader's documents, whole, as many as fit the budget —
 * every readable document when they all fit ("just put it all in the prompt"), else documents in
 * the order retrieval ranks them (then the rest by id) until the next one would overflow. Whole
 * documents, never a document cut in the middle: that would be RAG with big chunks. A document
 * is sized as generateAnswer will pack its passages (passageTokens: header, text and framing, with
 * the model's counter), so that generateAnswer keeps every passage placed here.
 */
export interface PackLongContextOptions {
  documents: ReadonlyMap<string, readonly Chunk[]>;
  reader: Reader;
  /** Document ids ranked for the question (best first); only used when not all documents fit. */
  rankedDocumentIds: readonly string[];
  budgetTokens: number;
  /** The answering model's counter (default estimateTokens, the counter generateAnswer falls back on). */
  countTokens?: TokenCounter;
}

export interface LongContext {
  hits: SearchHit[];
  /** Documents placed in the prompt, and how many the reader may read in all. */
  documents: number;
  readable: number;
  /** Prompt tokens of every readable document's passages, and of those placed. */
  readableTokens: number;
  tokens: number;
  /** What the documents could take (longContextBudget). */
  budgetTokens: number;
  /** The readable documents did not all fit: they were placed in retrieval's order until the budget was spent. */
  ranked: boolean;
}

interface SizedDocument {
  id: string;
  chunks: readonly Chunk[];
  tokens: number;
}

/** The documents the reader may read, by id, with their prompt tokens: a document's groups are on every chunk of it. */
function sizeReadableDocuments(
  documents: ReadonlyMap<string, readonly Chunk[]>,
  reader: Reader,
  count: TokenCounter,
): SizedDocument[] {
  return [...documents]
    .filter(([, chunks]) => chunks.length > 0 && readerMayRead(reader, chunks[0]?.groups ?? []))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, chunks]) => ({
      id,
      chunks,
      tokens: chunks.reduce((total, chunk) => total + passageTokens(chunk, count), 0),
    }));
}

function totalTokens(documents: readonly SizedDocument[]): number {
  return documents.reduce((total, document) => total + document.tokens, 0);
}

function packSized(
  readable: readonly SizedDocument[],
  rankedDocumentIds: readonly string[],
  budgetTokens: number,
): LongContext {
  const readableTokens = totalTokens(readable);
  const ranked = readableTokens > budgetTokens;
  let order = readable;
  if (ranked) {
    const rank = new Map(rankedDocumentIds.map((id, index) => [id, index]));
    order = [...readable].sort(
      (a, b) => (rank.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.id) ?? Number.MAX_SAFE_INTEGER),
    );
  }
  const placed: Chunk[] = [];
  let tokens = 0;
  let documents = 0;
  for (const document of order) {
    if (tokens + document.tokens > budgetTokens) continue;
    tokens += document.tokens;
    documents += 1;
    placed.push(...[...document.chunks].sort((a, b) => a.index - b.index));
  }
  return {
    hits: placed.map((chunk, index) => ({ chunk, score: 1 / (index + 1), rank: index + 1 })),
    documents,
    readable: readable.length,
    readableTokens,
    tokens,
    budgetTokens,
    ranked,
  };
}

export function packLongContext(options: PackLongContextOptions): LongContext {
  const readable = sizeReadableDocuments(
    options.documents,
    options.reader,
    options.countTokens ?? estimateTokens,
  );
  return packSized(readable, options.rankedDocumentIds, options.budgetTokens);
}

export interface AssembleLongContextOptions {
  /** Indexed documents' chunks by document id; those the reader may not read are left out here. */
  documents: ReadonlyMap<string, readonly Chunk[]>;
  reader: Reader;
  question: string;
  model: LanguageModel;
  /** The answer's max tokens, kept out of the budget (default 512, as eval answers). */
  answerTokens?: number;
  /** Document ids ranked for the question, best first (retrieval's LONG_CONTEXT_RANKED_HITS hits). */
  rankDocuments(): Promise<readonly string[]>;
}

/**
 * The long-context variant's passages for one question, as eval and serve both build them: the
 * budget from the model's window, documents sized with the model's counter, then the packing.
 * Retrieval is asked to rank only when the reader's documents do not all fit (when they do, the
 * order is by id and ranking changes nothing).
 */
export async function assembleLongContext(options: AssembleLongContextOptions): Promise<LongContext> {
  const count = options.model.countTokens?.bind(options.model) ?? estimateTokens;
  const budgetTokens = longContextBudget(options.model, options.question, options.answerTokens);
  const readable = sizeReadableDocuments(options.documents, options.reader, count);
  const rankedDocumentIds = totalTokens(readable) > budgetTokens ? await options.rankDocuments() : [];
  return packSized(readable, rankedDocumentIds, budgetTokens);
}

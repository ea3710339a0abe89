import type { IndexStore } from '../core/index-store.js';
import { readerMayRead } from '../core/reader-access.js';
import type { Reader, SearchHit } from '../core/types.js';
import { sqlList } from '../index/sql-literals.js';

/** A gold source the case's reader may not read, with the groups that may. */
export interface RestrictedSource {
  documentId: string;
  groups: string[];
}

export interface GoldPassages {
  /** Passages of the readable gold documents, the ones matching the question first, then the rest in order. */
  hits: SearchHit[];
  /** Gold documents the reader may not read: their text is never returned. */
  restricted: RestrictedSource[];
}

export interface ReadGoldPassagesOptions {
  question: string;
  sources: readonly string[];
  /** The case's reader: the oracle must not show it what retrieval could never give it. */
  reader: Reader;
}

/** Question-matching passages fetched per gold document set: enough for any context budget. */
const MATCHED_PASSAGES = 50;

/** The oracle's context: the gold documents, as the case's reader may read them. */
export async function readGoldPassages(
  store: IndexStore,
  options: ReadGoldPassagesOptions,
): Promise<GoldPassages> {
  const documents = await Promise.all(options.sources.map((source) => store.getDocumentChunks(source)));
  const restricted: RestrictedSource[] = [];
  const readable: string[] = [];
  options.sources.forEach((source, index) => {
    const groups = documents[index]?.[0]?.groups;
    if (groups === undefined) return;
    if (readerMayRead(options.reader, groups)) readable.push(source);
    else restricted.push({ documentId: source, groups: [...groups] });
  });
  if (readable.length === 0) return { hits: [], restricted };
  const matched = await store.searchText(options.question, {
    k: MATCHED_PASSAGES,
    reader: options.reader,
    where: `doc_id IN (${sqlList(readable)})`,
  });
  const seen = new Set(matched.map((hit) => hit.chunk.id));
  const rest = documents
    .filter((_, index) => readable.includes(options.sources[index]!))
    .flat()
    .filter((chunk) => !seen.has(chunk.id));
  const hits = [...matched, ...rest.map((chunk) => ({ chunk, score: 0, rank: 0 }))].map((hit, index) => ({
    ...hit,
    rank: index + 1,
  }));
  return { hits, restricted };
}

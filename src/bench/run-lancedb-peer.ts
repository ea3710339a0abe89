/**
 * The peer row of `bench beir --peer lancedb`: the same BEIR folder in raw LanceDB full-text
 * search with LanceDB's own analyzer for the language (tantivy's tokenizer, lower-casing, Snowball
 * stemmer, stop words, ASCII folding), title and text in one column, queries with punctuation
 * stripped. Languages tantivy cannot split into words (Thai, Lao, Khmer, Burmese, CJK) get its
 * n-gram tokenizer with character pairs. It measures what a team gets from the engine alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { hasStemmer, type Language, segmentedLanguages } from '../analyze/index.js';
import { ndcgAtK, recallAtK, uniqueInOrder } from '../eval/index.js';

export interface PeerResult {
  /** How LanceDB analyzed the text, in words. */
  analyzer: string;
  ndcgAt10: number;
  recallAt100: number;
  indexSeconds: number;
}

export interface PeerInput {
  /**
   * What LanceDB indexes: whole documents, or passages of them (`documentId` set), in which case
   * a document ranks where its best passage does — as knowhow ranks its chunks.
   */
  documents: { id: string; title: string; text: string; documentId?: string }[];
  queries: { id: string; text: string }[];
  qrels: Map<string, Map<string, number>>;
  language: Language;
}

/** tantivy's 18 languages (its Stemmer enum); others are indexed without stemming. */
const tantivyLanguages = new Set<Language>([
  'arabic',
  'danish',
  'dutch',
  'english',
  'finnish',
  'french',
  'german',
  'greek',
  'hungarian',
  'italian',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'spanish',
  'swedish',
  'tamil',
  'turkish',
]);

function ftsOptions(language: Language): { options: Partial<lancedb.FtsOptions>; analyzer: string } {
  if ((segmentedLanguages as readonly string[]).includes(language)) {
    return {
      options: { baseTokenizer: 'ngram', ngramMinLength: 2, ngramMaxLength: 2, asciiFolding: true },
      analyzer: 'n-gram tokenizer, character pairs',
    };
  }
  if (tantivyLanguages.has(language) && hasStemmer(language)) {
    const name = language.charAt(0).toUpperCase() + language.slice(1);
    return {
      options: { language: name, stem: true, removeStopWords: true, asciiFolding: true },
      analyzer: `${name} analyzer: stemming, stop words, ASCII folding`,
    };
  }
  return {
    options: { stem: false, removeStopWords: false, asciiFolding: true },
    analyzer: 'simple tokenizer, no stemming',
  };
}

export async function runLanceDbPeer(input: PeerInput): Promise<PeerResult> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-peer-'));
  const { options, analyzer } = ftsOptions(input.language);
  try {
    const connection = await lancedb.connect(directory);
    const started = performance.now();
    const table = await connection.createTable(
      'peer',
      input.documents.map((document) => ({
        id: document.id,
        document: document.documentId ?? document.id,
        text: `${document.title}\n${document.text}`,
      })),
    );
    // Passages: ask for extra so that 100 distinct documents remain, as the knowhow run does.
    const depth = input.documents.some((document) => document.documentId !== undefined) ? 150 : 100;
    await table.createIndex('text', { config: lancedb.Index.fts({ withPosition: false, ...options }) });
    const indexSeconds = (performance.now() - started) / 1000;
    let ndcg = 0;
    let recall = 0;
    for (const query of input.queries) {
      const text = query.text.replace(/[^\p{L}\p{N}\p{M}\s]/gu, ' ').trim();
      const rows = text
        ? ((await table.search(text, 'fts', 'text').select(['document']).limit(depth).toArray()) as {
            document: string;
          }[])
        : [];
      const ranked = uniqueInOrder(rows.map((row) => String(row.document))).slice(0, 100);
      const relevant = input.qrels.get(query.id) ?? new Map<string, number>();
      ndcg += ndcgAtK(ranked, relevant, 10);
      recall += recallAtK(ranked, relevant, 100);
    }
    table.close();
    connection.close();
    const n = Math.max(1, input.queries.length);
    return { analyzer, ndcgAt10: ndcg / n, recallAt100: recall / n, indexSeconds };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

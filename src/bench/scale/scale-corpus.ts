/**
 * A deterministic corpus of any size for scale benchmarks, the same on every machine and engine:
 * words drawn from a 50,000-word synthetic vocabulary with Zipf frequencies (s = 1, as in natural
 * text once stop words are gone), passages of 60–160 words, ten passages per document, and access
 * groups on 40% of the documents. Each document has one of 200 topics, and 30% of its words come
 * from that topic's own 100 words: passages of a topic share vocabulary, so that vectors cluster
 * as real embeddings do, instead of being the uniformly random points no index handles well.
 * Nothing is read from disk; no shared data set is needed.
 */
import { hashText } from '../../core/text/hash.js';
import type { Chunk, DocumentRecord } from '../../core/types.js';

export const SCALE_VOCABULARY = 50_000;
export const CHUNKS_PER_DOCUMENT = 10;
export const SCALE_TOPICS = 200;
const TOPIC_WORDS = 100;
/** Topic words sit in the middle of the frequency ranks: specific, as topical words are. */
const FIRST_TOPIC_RANK = 5000;
const TOPICAL_SHARE = 0.3;
/** Eight groups of 5% of the documents each; the rest (60%) is public. */
export const SCALE_GROUPS = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7'];

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const onsets = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'tr',
  'st',
  'pl',
];
const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
const codas = ['', 'n', 'r', 'x', 'l', 'm'];

/** Word i of the vocabulary: pronounceable, unique, never an English stop word. */
export function vocabularyWord(index: number): string {
  let rest = index;
  const syllables: string[] = [];
  // Three syllables of 20 × 7 × 6 = 840 forms give 592 million words; a suffix keeps them unique.
  for (let i = 0; i < 3; i++) {
    const form = rest % 840;
    rest = Math.floor(rest / 840);
    syllables.push(
      `${onsets[form % 20]}${vowels[Math.floor(form / 20) % 7]}${codas[Math.floor(form / 140)]}`,
    );
    if (rest === 0 && i >= 1) break;
  }
  return `${syllables.join('')}q`;
}

export function documentIdOf(index: number): string {
  return `doc-${String(index).padStart(7, '0')}`;
}

/** The id of global chunk `index`: `<document id>#<position in the document>`. */
export function chunkIdOf(index: number): string {
  return `${documentIdOf(Math.floor(index / CHUNKS_PER_DOCUMENT))}#${index % CHUNKS_PER_DOCUMENT}`;
}

/**
 * Buckets of the unit interval for the Zipf draw: a bucket's first rank bounds the binary search,
 * which then spans one to a few ranks instead of 50,000 (16 halvings). Same ranks as the full
 * search; generating 1,000,000 chunks took 18 s of a 1% re-ingest's 23 s at 1M chunks × 768,
 * which this stands in for reading and hashing files.
 */
const DRAW_BUCKETS = 65_536;

/** What reading and hashing a document's file gives: its passages' text and its hash. */
export interface ScaleDocumentText {
  index: number;
  texts: string[];
  hash: string;
}

export class ScaleCorpus {
  readonly words: string[];
  private readonly cumulative: Float64Array;
  /** The rank a draw of bucket b's lowest value gives; entry DRAW_BUCKETS is the last rank. */
  private readonly bucketStart: Int32Array;

  constructor(readonly seed = 20261205) {
    this.words = Array.from({ length: SCALE_VOCABULARY }, (_, i) => vocabularyWord(i));
    this.cumulative = new Float64Array(SCALE_VOCABULARY);
    let total = 0;
    for (let rank = 0; rank < SCALE_VOCABULARY; rank++) {
      total += 1 / (rank + 1);
      this.cumulative[rank] = total;
    }
    for (let rank = 0; rank < SCALE_VOCABULARY; rank++) this.cumulative[rank]! /= total;
    this.bucketStart = new Int32Array(DRAW_BUCKETS + 1);
    let rank = 0;
    for (let bucket = 0; bucket <= DRAW_BUCKETS; bucket++) {
      const target = bucket / DRAW_BUCKETS;
      while (rank < SCALE_VOCABULARY - 1 && this.cumulative[rank]! < target) rank++;
      this.bucketStart[bucket] = rank;
    }
  }

  /** A vocabulary rank drawn with Zipf probability (binary search over the cumulative sums). */
  private drawRank(random: () => number): number {
    const target = random();
    const bucket = Math.floor(target * DRAW_BUCKETS);
    let low = this.bucketStart[bucket]!;
    let high = this.bucketStart[bucket + 1]!;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * The words of chunk `index` (global chunk number), the same for a given seed, index and
   * version; version 0 is what a first load writes, a later version is an edited passage.
   */
  chunkWords(index: number, version = 0): string[] {
    const random = createRandom(
      this.seed ^ Math.imul(index + 1, 0x9e3779b1) ^ (version === 0 ? 0 : Math.imul(version, 0x27d4eb2d)),
    );
    const topicStart =
      FIRST_TOPIC_RANK + this.documentTopic(Math.floor(index / CHUNKS_PER_DOCUMENT)) * TOPIC_WORDS;
    const length = 60 + Math.floor(random() * 101);
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      const rank =
        random() < TOPICAL_SHARE ? topicStart + Math.floor(random() * TOPIC_WORDS) : this.drawRank(random);
      words.push(this.words[rank]!);
    }
    return words;
  }

  documentTopic(index: number): number {
    return Math.floor(createRandom(this.seed ^ Math.imul(index + 3, 0xc2b2ae35))() * SCALE_TOPICS);
  }

  /** Groups of document `index`: 60% public, else one of eight groups. */
  documentGroups(index: number): string[] {
    const bucket = createRandom(this.seed ^ Math.imul(index + 7, 0x85ebca6b))();
    return bucket < 0.6 ? ['public'] : [SCALE_GROUPS[Math.floor(((bucket - 0.6) / 0.4) * 8)]!];
  }

  /** The text of chunk `index` as a document of that version holds it. */
  chunkText(index: number, version = 0): string {
    return `${this.chunkWords(index, version).join(' ')}.`;
  }

  /**
   * The passages of document `index` (global chunk numbers index·10 … index·10 + 9) and the hash
   * of its text, as ingest hashes a file: re-generating an unchanged document finds it unchanged.
   */
  documentText(index: number, chunkCount = CHUNKS_PER_DOCUMENT, version = 0): ScaleDocumentText {
    const texts = Array.from({ length: chunkCount }, (_, c) =>
      this.chunkText(index * CHUNKS_PER_DOCUMENT + c, version),
    );
    return { index, texts, hash: hashText(texts.join('\n')) };
  }

  /**
   * Document `index` with its chunks. A re-ingest builds them only for a document whose
   * `documentText` hash changed, as ingest chunks only changed files: building them for every
   * document (a hash per passage) cost 2.5–4 s per 1,000,000 chunks.
   */
  document(
    index: number,
    chunkCount = CHUNKS_PER_DOCUMENT,
    version = 0,
    text: ScaleDocumentText = this.documentText(index, chunkCount, version),
  ): { document: DocumentRecord; chunks: Chunk[] } {
    const id = documentIdOf(index);
    const groups = this.documentGroups(index);
    const { texts, hash } = text;
    const title = `Document ${index}`;
    let offset = 0;
    const chunks: Chunk[] = [];
    for (let c = 0; c < chunkCount; c++) {
      const text = texts[c]!;
      chunks.push({
        id: chunkIdOf(index * CHUNKS_PER_DOCUMENT + c),
        documentId: id,
        documentHash: hash,
        index: c,
        text,
        title,
        headingPath: [],
        start: offset,
        end: offset + text.length,
        source: `${id}.md`,
        groups,
        tokens: Math.ceil(text.length / 4),
        hash: hashText(text),
        metadata: {},
      });
      offset += text.length + 1;
    }
    return {
      document: {
        id,
        hash,
        title,
        source: `${id}.md`,
        format: 'markdown',
        modifiedAt: '2026-12-05T00:00:00.000Z',
        groups,
        chunkCount: chunks.length,
        ingestedAt: new Date().toISOString(),
      },
      chunks,
    };
  }

  /**
   * Queries as people write them: four words of one passage, two of them among its rarer half
   * (the words that make a question specific) and two of any frequency.
   */
  queries(count: number, chunkTotal: number): string[] {
    const random = createRandom(this.seed ^ 0x51ed270b);
    const queries: string[] = [];
    for (let q = 0; q < count; q++) {
      const words = this.chunkWords(Math.floor(random() * chunkTotal));
      const ranked = [...new Set(words)].sort((a, b) => this.rankOf(b) - this.rankOf(a));
      const rare = ranked.slice(0, Math.max(1, Math.ceil(ranked.length / 2)));
      const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
      queries.push([pick(rare), pick(rare), pick(ranked), pick(ranked)].join(' '));
    }
    return queries;
  }

  private rankIndex: Map<string, number> | null = null;

  private rankOf(word: string): number {
    this.rankIndex ??= new Map(this.words.map((w, i) => [w, i]));
    return this.rankIndex.get(word) ?? 0;
  }
}

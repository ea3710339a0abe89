import type { Chunk } from '../../core/types.js';

/**
 * Passages to draft test cases from, spread over documents and their headings: one passage per
 * document per round, and within a document the next heading in turn, so a long document gets no
 * more cases than a short one until the short one runs out (the helpdesk example: 1 of 39
 * documents holds 9 of its 103 chunks, and would take 9% of uniformly sampled cases).
 */
export interface SamplePassagesOptions {
  /** Chunks per document id. */
  documents: ReadonlyMap<string, readonly Chunk[]>;
  count: number;
  /** Passages shorter than this many words carry too little to ask about (a heading alone). */
  minWords?: number;
}

export function samplePassages(options: SamplePassagesOptions): Chunk[] {
  const minWords = options.minWords ?? 12;
  const queues = [...options.documents.keys()]
    .sort()
    .map((documentId) => headingQueues(options.documents.get(documentId) ?? [], minWords))
    .filter((queue) => queue.length > 0);
  const picked: Chunk[] = [];
  const nextHeading = queues.map(() => 0);
  while (picked.length < options.count && queues.some((queue) => queue.some((group) => group.length > 0))) {
    for (const [documentIndex, queue] of queues.entries()) {
      if (picked.length >= options.count) break;
      const open = queue.filter((group) => group.length > 0);
      if (open.length === 0) continue;
      const start = nextHeading[documentIndex] ?? 0;
      const group = open[start % open.length];
      const chunk = group?.shift();
      if (chunk) picked.push(chunk);
      nextHeading[documentIndex] = start + 1;
    }
  }
  return picked;
}

/** A document's chunks grouped by heading path, in document order. */
function headingQueues(chunks: readonly Chunk[], minWords: number): Chunk[][] {
  const groups = new Map<string, Chunk[]>();
  for (const chunk of [...chunks].sort((a, b) => a.index - b.index)) {
    if (chunk.text.split(/\s+/).filter(Boolean).length < minWords) continue;
    const key = chunk.headingPath.join(' › ');
    const group = groups.get(key);
    if (group) group.push(chunk);
    else groups.set(key, [chunk]);
  }
  return [...groups.values()];
}

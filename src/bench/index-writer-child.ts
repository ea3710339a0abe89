/**
 * A writer process for crash tests of the PostgreSQL store: writes numbered versions of
 * documents through the PostgreSQL engine and says on stdout when each write begins and when it
 * has committed, so that a parent can SIGKILL it at transaction boundaries or anywhere between.
 *
 * Write n replaces documents `writtenDocuments(n)` with version n; every seventh write deletes
 * the documents of `deletedDocuments(n)` instead. Both are pure functions of n, so the parent
 * knows what each committed write must have left behind.
 *
 * Usage: node index-writer-child.js <url> <schema> <first write> <last write>
 */
import { hashText } from '../core/text/hash.js';
import type { Chunk, DocumentRecord } from '../core/types.js';
import { indexEngineFor } from '../workspace/index.js';

export const WRITER_DOCUMENTS = 40;

export function isDeleteWrite(n: number): boolean {
  return n % 7 === 6;
}

/** Document numbers touched by write n: a run of 6 to 13, wrapping around the 40. */
export function touchedDocuments(n: number): number[] {
  const count = 6 + ((n * 5) % 8);
  const first = (n * 11) % WRITER_DOCUMENTS;
  return Array.from({ length: count }, (_, i) => (first + i * 3) % WRITER_DOCUMENTS).filter(
    (value, i, all) => all.indexOf(value) === i,
  );
}

export function documentId(number: number): string {
  return `doc-${String(number).padStart(2, '0')}`;
}

/** Version n of a document: 2 to 6 chunks, every one naming the version. */
export function documentVersion(number: number, n: number): { document: DocumentRecord; chunks: Chunk[] } {
  const id = documentId(number);
  const hash = `v${n}`;
  const count = 2 + ((number + n) % 5);
  const chunks = Array.from({ length: count }, (_, i): Chunk => {
    const text = `version ${n} of ${id} part ${i}: refund policy invoice seat plan webhook retry ${n % 13}`;
    return {
      id: `${id}#${i}`,
      documentId: id,
      documentHash: hash,
      index: i,
      text,
      title: id,
      headingPath: [],
      start: 0,
      end: text.length,
      source: id,
      groups: n % 2 === 0 ? ['public'] : ['staff'],
      tokens: 20,
      hash: hashText(text),
      metadata: { version: n },
    };
  });
  return {
    document: {
      id,
      hash,
      title: id,
      source: id,
      format: 'text',
      modifiedAt: '2026-12-05T00:00:00.000Z',
      groups: n % 2 === 0 ? ['public'] : ['staff'],
      chunkCount: count,
      ingestedAt: new Date().toISOString(),
    },
    chunks,
  };
}

async function main(): Promise<void> {
  const [url, schema, first, last] = process.argv.slice(2);
  if (!url || !schema || !first || !last) throw new Error('usage: <url> <schema> <first write> <last write>');
  const store = await indexEngineFor('postgres').open({
    directory: '',
    database: { url, schema, maxConnections: 2 },
    language: 'english',
  });
  for (let n = Number(first); n <= Number(last); n++) {
    const documents = touchedDocuments(n);
    process.stdout.write(`begin ${n}\n`);
    if (isDeleteWrite(n)) await store.deleteDocuments(documents.map(documentId));
    else await store.writeDocuments(documents.map((number) => documentVersion(number, n)));
    process.stdout.write(`commit ${n}\n`);
  }
  await store.close();
  process.stdout.write('done\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The ids of the documents a write is touching, on disk until that write has fully committed.
 * LanceDB commits each table atomically, but a document spans two tables (chunks, documents):
 * if the process dies between the two commits, the next open finds the journal and rewrites
 * those documents with replace semantics, so nothing is duplicated or lost.
 */
export class IngestJournal {
  private readonly file: string;

  constructor(directory: string) {
    this.file = path.join(directory, 'pending-writes.json');
  }

  async read(): Promise<Set<string>> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as { ids?: unknown };
      return new Set(
        Array.isArray(parsed.ids) ? parsed.ids.filter((id): id is string => typeof id === 'string') : [],
      );
    } catch {
      return new Set();
    }
  }

  async begin(ids: Iterable<string>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ ids: [...ids], startedAt: new Date().toISOString() }));
    await rename(temporary, this.file);
  }

  async commit(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

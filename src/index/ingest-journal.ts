import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * The ids of every document that may be half-written, on disk until each one is verified whole
 * or removed. LanceDB commits each table atomically, but a document spans two tables (chunks,
 * documents): a process that dies between the two commits leaves it half-written. Ids are added
 * before a write and taken out only after both commits, never by a later write of other
 * documents, so crashes in a row accumulate rather than forget (the journal used to hold only
 * the batch in flight: two crashes in a row left 150 duplicate chunk rows). Only the holder of
 * the index's writer lock changes it; the store verifies what it lists before the next write.
 */
export class IngestJournal {
  private readonly file: string;
  private ids: Set<string> | null = null;

  constructor(directory: string) {
    this.file = path.join(directory, 'pending-writes.json');
  }

  /** The ids on disk now (re-read: another process may have written since). */
  async read(): Promise<Set<string>> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as { ids?: unknown };
      this.ids = new Set(
        Array.isArray(parsed.ids) ? parsed.ids.filter((id): id is string => typeof id === 'string') : [],
      );
    } catch {
      this.ids = new Set();
    }
    return new Set(this.ids);
  }

  /** The ids as last read or written by this process. */
  pending(): Set<string> {
    return new Set(this.ids ?? []);
  }

  /** Adds ids before they are written; durable (fsync) before it returns. */
  async mark(ids: Iterable<string>): Promise<void> {
    const current = this.ids ?? (await this.read());
    const next = new Set(current);
    for (const id of ids) next.add(id);
    await this.save(next);
  }

  /** Takes ids out once they are verified whole or removed. */
  async unmark(ids: Iterable<string>): Promise<void> {
    const current = this.ids ?? (await this.read());
    const next = new Set(current);
    for (const id of ids) next.delete(id);
    if (next.size === current.size) return;
    await this.save(next);
  }

  private async save(ids: Set<string>): Promise<void> {
    if (ids.size === 0) {
      await rm(this.file, { force: true });
      this.ids = ids;
      return;
    }
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify({ ids: [...ids], updatedAt: new Date().toISOString() }));
      // The rename must never publish a file whose bytes are still in the page cache only.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
    this.ids = ids;
  }
}

import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What the last clean ingest of one file left in the index, so that the next run can skip the
 * file without reading it. Re-ingesting a 1M-record JSONL file with nothing changed took 43–58 s
 * (re-read, parse, hash every record); with its entry, 8–13 s: a stat and a digest of the
 * versions the index holds (load ~5, 2026-12-06).
 */
export interface FileLedgerEntry {
  /** The stat fields that, all equal, show the bytes were not touched (as git's index does). */
  stat: FileStat;
  /** The settings the file was loaded under (see `ingestSettingsKey`). */
  settings: string;
  /** How many documents the file produced, and a digest of their (id, hash, origin). */
  documents: number;
  digest: string;
}

/** Nanosecond times and the inode as strings: they do not fit a double. */
export interface FileStat {
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  dev: string;
}

/** Where the entries live between runs: a file beside the index, any engine. */
export interface FileLedger {
  read(): Promise<Map<string, FileLedgerEntry>>;
  write(entries: Map<string, FileLedgerEntry>): Promise<void>;
}

const FORMAT = 1;

/**
 * A ledger kept as one JSON file, replaced atomically (temp file + rename). A missing, unreadable
 * or foreign file reads as empty: the ledger only ever saves work, so losing it costs one full
 * re-read and never a wrong answer.
 */
export function createJsonFileLedger(filePath: string): FileLedger {
  return {
    async read() {
      try {
        const parsed = JSON.parse(await readFile(filePath, 'utf8')) as {
          format?: unknown;
          files?: Record<string, FileLedgerEntry>;
        };
        if (parsed.format !== FORMAT || typeof parsed.files !== 'object' || parsed.files === null) {
          return new Map();
        }
        return new Map(Object.entries(parsed.files));
      } catch {
        return new Map();
      }
    },
    async write(entries) {
      await mkdir(path.dirname(filePath), { recursive: true });
      const temporary = `${filePath}.${randomUUID()}.tmp`;
      try {
        await writeFile(temporary, JSON.stringify({ format: FORMAT, files: Object.fromEntries(entries) }));
        await rename(temporary, filePath);
      } finally {
        await rm(temporary, { force: true });
      }
    },
  };
}

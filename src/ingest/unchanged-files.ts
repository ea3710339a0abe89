import type { BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { DocumentVersion } from '../core/index-store.js';
import type { FileLedgerEntry, FileStat } from './file-ledger.js';
import type { RunDocuments } from './run-documents.js';
import { VersionDigest } from './version-digest.js';

/**
 * A file modified this recently is not recorded: a second write in the same clock tick would
 * keep its times (Linux stamps files from a coarse clock, ticks of about 4 ms; FAT in 2 s).
 */
const RACY_NANOSECONDS = 2_000_000_000n;

export interface UnchangedFilesOptions {
  /** The entries the last runs left. */
  ledger: Map<string, FileLedgerEntry>;
  /** Every version the index holds (listed under this run's writer lock). */
  known: RunDocuments;
  /** The settings of this run: an entry made under others vouches for nothing. */
  settings: string;
}

interface TrackedFile {
  stat: FileStat | null;
  digest: VersionDigest;
  failed: boolean;
}

/**
 * Decides which files an incremental ingest may skip unread, and what the ledger says after the
 * run. A file is skipped only when its stat, the settings and the versions the index holds for
 * it are all exactly what its last clean run left: a file edited, touched, copied, loaded under
 * other settings, or whose documents changed in the index any other way (an upload, a delete,
 * another machine's ingest, a rebuild) is read as before.
 */
export class UnchangedFiles {
  /** Known versions (their numbers in `known`) by the file they came from. */
  private byFile: Map<string, number[]> | null = null;
  private readonly tracked = new Map<string, TrackedFile>();
  /** The versions each file found unchanged has in the index, from the check until the run takes them. */
  private readonly vouched = new Map<string, number[]>();

  constructor(private readonly options: UnchangedFilesOptions) {}

  /** Whether the file may be skipped (`takeVouched` then gives its versions); if not, the file is tracked. */
  async isUnchanged(source: string, absolutePath: string): Promise<boolean> {
    const stats = await stat(absolutePath, { bigint: true }).catch(() => null);
    const current = stats ? trustedStat(stats) : null;
    const entry = this.options.ledger.get(source);
    if (current && entry && entry.settings === this.options.settings && sameStat(entry.stat, current)) {
      const versions = this.versionsOf(source);
      const digest = new VersionDigest();
      for (const version of versions) digest.add(this.options.known.versionAt(version));
      if (digest.size === entry.documents && digest.value() === entry.digest) {
        this.vouched.set(source, versions);
        return true;
      }
    }
    this.tracked.set(source, { stat: current, digest: new VersionDigest(), failed: false });
    return false;
  }

  /** The indexed versions (numbers in `known`) of a file `isUnchanged` vouched for: they stand as they are. */
  takeVouched(source: string): number[] {
    const versions = this.vouched.get(source) ?? [];
    this.vouched.delete(source);
    return versions;
  }

  /** A document of a read file that is now in the index (unchanged, or written by this run). */
  noteDocument(source: string, version: DocumentVersion): void {
    this.tracked.get(source)?.digest.add(version);
  }

  /**
   * Something failed: the file it belongs to gets no entry, and the next run reads it again (and
   * reports it again). `source` is a file or a record (`file#id`; a file name may hold `#` too).
   */
  noteFailure(source: string): void {
    for (let cut = source.length; cut !== -1; cut = source.lastIndexOf('#', cut - 1)) {
      const file = this.tracked.get(source.slice(0, cut));
      if (file) {
        file.failed = true;
        return;
      }
      if (cut === 0) return;
    }
  }

  /** The ledger after a completed run: entries of files not walked stay, read files are re-recorded. */
  entries(): Map<string, FileLedgerEntry> {
    const entries = new Map(this.options.ledger);
    for (const [source, file] of this.tracked) {
      if (file.failed || file.stat === null) entries.delete(source);
      else
        entries.set(source, {
          stat: file.stat,
          settings: this.options.settings,
          documents: file.digest.size,
          digest: file.digest.value(),
        });
    }
    return entries;
  }

  /** Ids of a file's documents are its path, or its path, `#` and a record id. */
  private versionsOf(source: string): number[] {
    const known = this.options.known;
    if (source.includes('#')) {
      const versions: number[] = [];
      for (let entry = 0; entry < known.knownSize; entry++) {
        const id = known.idAt(entry);
        if (id === source || id.startsWith(`${source}#`)) versions.push(entry);
      }
      return versions;
    }
    if (!this.byFile) {
      this.byFile = new Map();
      for (let entry = 0; entry < known.knownSize; entry++) {
        const id = known.idAt(entry);
        const cut = id.indexOf('#');
        const file = cut === -1 ? id : id.slice(0, cut);
        let versions = this.byFile.get(file);
        if (!versions) {
          versions = [];
          this.byFile.set(file, versions);
        }
        versions.push(entry);
      }
    }
    return this.byFile.get(source) ?? [];
  }
}

/** The stat to record, or null when the file changed too recently to trust its times. */
function trustedStat(stats: BigIntStats): FileStat | null {
  const now = BigInt(Date.now()) * 1_000_000n;
  if (now - stats.mtimeNs < RACY_NANOSECONDS || now - stats.ctimeNs < RACY_NANOSECONDS) return null;
  return {
    size: String(stats.size),
    mtimeNs: String(stats.mtimeNs),
    ctimeNs: String(stats.ctimeNs),
    ino: String(stats.ino),
    dev: String(stats.dev),
  };
}

function sameStat(recorded: FileStat, current: FileStat): boolean {
  return (
    recorded.size === current.size &&
    recorded.mtimeNs === current.mtimeNs &&
    recorded.ctimeNs === current.ctimeNs &&
    recorded.ino === current.ino &&
    recorded.dev === current.dev
  );
}

import type { DocumentVersion, IndexStore } from '../core/index-store.js';
import { StringTable } from './string-table.js';

const DIGEST_BYTES = 32;

/** What the index held for a document the run read. */
export type PreviousVersion = 'absent' | 'same' | 'changed';

/**
 * Every document id one ingest run deals with: the versions the index held when it began (id,
 * hash, origin) and whether the run has read each id since. Held off the JS heap: as a Map of
 * version objects, a 1M-document index took 230 MB of live heap and the run's id Set 80 MB more
 * (a 1%-changed re-ingest peaked at 1.04 GB; 2026-12-06). Here a version costs ~80 bytes: its id
 * in a StringTable, a sha256 as 32 bytes, an origin as a number.
 */
export class RunDocuments {
  private ids = new StringTable();
  private known = 0;
  private digests = Buffer.alloc(DIGEST_BYTES * 1024);
  /** Hashes that are not lower-case sha256 hex (a half-written document's `pending:` mark). */
  private readonly otherHashes = new Map<number, string>();
  private originOf = new Uint32Array(1024);
  /** 0 for none, else an index + 1 into `origins`: a run sees a handful of distinct origins. */
  private readonly origins: string[] = [];
  private readonly originNumbers = new Map<string, number>();
  private seen = new Uint8Array(1024);

  /**
   * Lets go of everything held, once the run has compared and pruned: afterwards the table is
   * empty. A 1M-document run held ~50 MB here through the index build that sets its peak.
   */
  release(): void {
    this.ids = new StringTable();
    this.known = 0;
    this.digests = Buffer.alloc(0);
    this.otherHashes.clear();
    this.originOf = new Uint32Array(0);
    this.seen = new Uint8Array(0);
  }

  /** Versions the index held; all of them come before the run reads anything. */
  addKnown(version: DocumentVersion): void {
    if (this.ids.size !== this.known) throw new Error('known versions are added before the run reads');
    const entry = this.ids.add(version.id);
    if (entry < this.known) return;
    this.known++;
    this.reserveKnown(this.known);
    if (!writeDigest(version.hash, this.digests, entry * DIGEST_BYTES))
      this.otherHashes.set(entry, version.hash);
    this.originOf[entry] = version.origin === undefined ? 0 : this.numberOf(version.origin);
  }

  get knownSize(): number {
    return this.known;
  }

  /** The version the index held for `id` when the run began. */
  previous(id: string): DocumentVersion | undefined {
    const entry = this.ids.indexOf(id);
    return entry === -1 || entry >= this.known ? undefined : this.versionAt(entry);
  }

  /**
   * Whether the index held the document of entry `entry` (from `claim`; -1: none) at this hash and
   * origin, compared in place: a re-ingest asks for every document it reads, and building each
   * version to compare it took 0.5 s per million.
   */
  compareAt(entry: number, hash: string, origin: string): PreviousVersion {
    if (entry === -1 || entry >= this.known) return 'absent';
    const other = this.otherHashes.get(entry);
    const sameHash = other === undefined ? this.sameDigest(entry, hash) : other === hash;
    return sameHash && this.originOf[entry] === (this.originNumbers.get(origin) ?? -1) ? 'same' : 'changed';
  }

  /** Marks `id` read by this run: false when it already was. */
  markSeen(id: string): boolean {
    return this.claim(id) !== -1;
  }

  /** Marks `id` read by this run and gives its entry (for compareAt), or -1 when it already was read. */
  claim(id: string): number {
    const entry = this.ids.add(id);
    this.reserveSeen(entry + 1);
    if (this.seen[entry] === 1) return -1;
    this.seen[entry] = 1;
    return entry;
  }

  /** Marks a known version read (a file skipped unread vouches for its versions). */
  markSeenAt(entry: number): void {
    this.seen[entry] = 1;
  }

  /** Known version number `entry` (0 ≤ entry < knownSize), as a new object. */
  versionAt(entry: number): DocumentVersion {
    const id = this.ids.keyAt(entry);
    const hash =
      this.otherHashes.get(entry) ??
      this.digests.toString('hex', entry * DIGEST_BYTES, (entry + 1) * DIGEST_BYTES);
    const origin = this.originOf[entry] as number;
    return origin === 0 ? { id, hash } : { id, hash, origin: this.origins[origin - 1] as string };
  }

  /** The id of known version `entry`, without building the version. */
  idAt(entry: number): string {
    return this.ids.keyAt(entry);
  }

  /** Known versions the run has not read, in the order the index listed them. */
  *unseenKnown(): Generator<DocumentVersion> {
    for (let entry = 0; entry < this.known; entry++) {
      if (this.seen[entry] !== 1) yield this.versionAt(entry);
    }
  }

  /** Whether `hash` is the lower-case hex of the digest stored for `entry`. */
  private sameDigest(entry: number, hash: string): boolean {
    if (hash.length !== DIGEST_BYTES * 2) return false;
    const start = entry * DIGEST_BYTES;
    for (let byte = 0; byte < DIGEST_BYTES; byte++) {
      if (hexByte(hash, byte) !== this.digests[start + byte]) return false;
    }
    return true;
  }

  private numberOf(origin: string): number {
    let number = this.originNumbers.get(origin);
    if (number === undefined) {
      this.origins.push(origin);
      number = this.origins.length;
      this.originNumbers.set(origin, number);
    }
    return number;
  }

  /** Room for `entries` seen flags. */
  private reserveSeen(entries: number): void {
    if (entries <= this.seen.length) return;
    const seen = new Uint8Array(Math.max(entries, this.seen.length * 2));
    seen.set(this.seen);
    this.seen = seen;
  }

  /** Room for `entries` known versions (their digests and origins) and their seen flags. */
  private reserveKnown(entries: number): void {
    this.reserveSeen(entries);
    if (entries <= this.originOf.length) return;
    const length = Math.max(entries, this.originOf.length * 2);
    const digests = Buffer.alloc(length * DIGEST_BYTES);
    this.digests.copy(digests);
    this.digests = digests;
    const originOf = new Uint32Array(length);
    originOf.set(this.originOf);
    this.originOf = originOf;
  }
}

/**
 * Stores lower-case sha256 hex (as ingest writes it) as 32 bytes at `offset`; false for anything
 * else, which is then kept as it is. One pass in JavaScript: a regular expression and Buffer#write
 * took 0.27 and 0.2 s per million versions.
 */
function writeDigest(hash: string, digests: Buffer, offset: number): boolean {
  if (hash.length !== DIGEST_BYTES * 2) return false;
  for (let byte = 0; byte < DIGEST_BYTES; byte++) {
    const value = hexByte(hash, byte);
    if (value === -1) return false;
    digests[offset + byte] = value;
  }
  return true;
}

/** Byte number `byte` of lower-case hex `hash`, or -1 where it is not two lower-case hex digits. */
function hexByte(hash: string, byte: number): number {
  const high = nibble(hash.charCodeAt(byte * 2));
  const low = nibble(hash.charCodeAt(byte * 2 + 1));
  return high === -1 || low === -1 ? -1 : (high << 4) | low;
}

/** The value of a lower-case hex digit, or -1. */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * The versions the index holds, listed under the caller's writer lock; a store that cannot list
 * them batch by batch lists its records whole.
 */
export async function listKnownVersions(store: IndexStore): Promise<RunDocuments> {
  const documents = new RunDocuments();
  if (store.listDocumentVersions) {
    for await (const versions of store.listDocumentVersions()) {
      for (const version of versions) documents.addKnown(version);
    }
  } else {
    for (const version of (await store.listDocuments()).values()) documents.addKnown(version);
  }
  return documents;
}

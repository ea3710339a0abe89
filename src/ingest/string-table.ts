import { constants } from 'node:buffer';

/** Below half full: linear probing stays at one or two probes per lookup. */
const MAX_LOAD = 0.5;

/**
 * A set of strings kept as UTF-8 bytes in one buffer, each numbered in the order it was added
 * (0, 1, 2…) so that callers keep what belongs to it in typed arrays beside it. An ingest run
 * tracks every document id it reads and every id the index holds; as V8 strings in a Set and a
 * Map, 1,000,000 JSONL record ids were ~100 MB of a 143 MB live heap, and V8 grows its heap to
 * about four times what survives (620 MB at the 1.72 GB peak of a 1M-record first ingest, 1.24 GB
 * without them; 2026-12-06). Here they cost ~45 bytes each, outside the JS heap. Exact: two
 * strings are the same entry only when their bytes are equal.
 */
export class StringTable {
  // Small at first: a loader makes one per JSONL file, and most are small (50,000 tables of two ids:
  // 430 ms with 64 KiB to start, 180 ms like this; a million ids in one table took the same time).
  private bytes = Buffer.allocUnsafe(1024);
  private used = 0;
  /** Where entry i's bytes start; entry i ends where entry i + 1 starts (or at `used`). */
  private starts = new Uint32Array(32);
  private hashes = new Uint32Array(32);
  /** Open addressing: entry index + 1, or 0 for an empty slot. */
  private slots = new Int32Array(64);
  private count = 0;
  private scratch = Buffer.allocUnsafe(256);

  get size(): number {
    return this.count;
  }

  /** The entry's number, or -1. */
  indexOf(key: string): number {
    const hash = hashString(key);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = (this.slots[slot] as number) - 1;
      if (entry === -1) return -1;
      if (this.hashes[entry] === hash && this.equals(entry, key)) return entry;
    }
  }

  /** The entry's number, adding it (as number `size`) when it is new. */
  add(key: string): number {
    const hash = hashString(key);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const entry = (this.slots[slot] as number) - 1;
      if (entry === -1) break;
      if (this.hashes[entry] === hash && this.equals(entry, key)) return entry;
    }
    const entry = this.append(key, hash);
    this.slots[slot] = entry + 1;
    if (this.count > this.slots.length * MAX_LOAD) this.rehash();
    return entry;
  }

  /** The string of entry `index` (a new string each call). */
  keyAt(index: number): string {
    if (index < 0 || index >= this.count)
      throw new RangeError(`no entry ${index} in a table of ${this.count}`);
    return this.bytes.toString('utf8', this.startOf(index), this.endOf(index));
  }

  private startOf(index: number): number {
    return this.starts[index] as number;
  }

  private endOf(index: number): number {
    return index + 1 < this.count ? (this.starts[index + 1] as number) : this.used;
  }

  private equals(entry: number, key: string): boolean {
    const start = this.startOf(entry);
    const length = this.endOf(entry) - start;
    // ASCII (nearly every id) compares in place; anything else is encoded first.
    if (length === key.length) {
      let index = 0;
      for (; index < length; index++) {
        const code = key.charCodeAt(index);
        if (code >= 0x80) break;
        // Every character before was one byte: this one's byte is at the same place.
        if (code !== this.bytes[start + index]) return false;
      }
      if (index === length) return true;
    }
    const encoded = this.encode(key);
    return encoded === length && this.scratch.compare(this.bytes, start, start + length, 0, encoded) === 0;
  }

  private encode(key: string): number {
    const needed = key.length * 3;
    if (needed > this.scratch.length) this.scratch = Buffer.allocUnsafe(needed);
    return this.scratch.write(key, 0, 'utf8');
  }

  private append(key: string, hash: number): number {
    const needed = this.used + key.length * 3;
    if (needed > this.bytes.length) this.growBytes(needed);
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts, this.count * 2);
      this.hashes = grown(this.hashes, this.count * 2);
    }
    const entry = this.count++;
    this.starts[entry] = this.used;
    this.hashes[entry] = hash;
    if (lastKeyIsAscii) {
      // A loop: Buffer#write's native call cost more than the copy for ids of some 30 characters.
      for (let index = 0; index < key.length; index++) this.bytes[this.used + index] = key.charCodeAt(index);
      this.used += key.length;
    } else {
      this.used += this.bytes.write(key, this.used, 'utf8');
    }
    return entry;
  }

  private growBytes(needed: number): void {
    // Offsets are 32-bit: 4 GiB of ids is some 100 million documents of one run.
    const limit = Math.min(constants.MAX_LENGTH, 2 ** 32 - 1);
    if (needed > limit) throw new RangeError(`more than ${limit} bytes of strings in one table`);
    const next = Buffer.allocUnsafe(Math.min(limit, Math.max(needed, Math.ceil(this.bytes.length * 1.5))));
    this.bytes.copy(next, 0, 0, this.used);
    this.bytes = next;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = (this.hashes[entry] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

function grown(array: Uint32Array, length: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(length);
  next.set(array);
  return next;
}

/** Whether the key hashString saw last is ASCII (its UTF-8 bytes are then its code units). */
let lastKeyIsAscii = true;

/** FNV-1a over UTF-16 code units, finished with murmur3's mixer so that the low bits spread. */
function hashString(key: string): number {
  let hash = 0x811c9dc5;
  let all = 0;
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    all |= code;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  lastKeyIsAscii = all < 0x80;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

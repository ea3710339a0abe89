import type { DocumentVersion } from '../core/index-store.js';

/**
 * An order-independent digest of document versions (id, hash, origin): equal when the index
 * holds exactly the versions a file produced last time, whatever order they are listed in.
 * Two 32-bit FNV-1a hashes per version, summed and xor-ed: 128 bits of state and no allocation
 * per version. Checking a 1M-record file's versions took 1.6 s of a 14.9 s profiled re-ingest
 * (load 6), most of it this loop. It detects change, not tampering: anyone who can write the
 * index can do worse.
 */
export class VersionDigest {
  private count = 0;
  private sumA = 0;
  private sumB = 0;
  private xorA = 0;
  private xorB = 0;

  add(version: DocumentVersion): void {
    const text = `${version.id}\u0000${version.hash}\u0000${version.origin ?? ''}`;
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x050c5d1f);
    }
    this.count++;
    this.sumA = (this.sumA + (a >>> 0)) >>> 0;
    this.sumB = (this.sumB + (b >>> 0)) >>> 0;
    this.xorA = (this.xorA ^ a) >>> 0;
    this.xorB = (this.xorB ^ b) >>> 0;
  }

  get size(): number {
    return this.count;
  }

  value(): string {
    return [this.sumA, this.sumB, this.xorA, this.xorB]
      .map((part) => part.toString(16).padStart(8, '0'))
      .join('');
  }
}

import { KnowhowError } from '../../core/errors.js';

/** `--chunks 10k,100_000,1M` → [10000, 100000, 1000000]. */
export function parseChunkSizes(value: string): number[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(part.replaceAll('_', ''));
      const size = match ? Number(match[1]) * ({ k: 1e3, m: 1e6 }[match[2]!.toLowerCase()] ?? 1) : Number.NaN;
      if (!Number.isInteger(size) || size <= 0) {
        throw new KnowhowError('USAGE', `--chunks: "${part}" is not a positive number of chunks.`, {
          hint: 'Give sizes such as --chunks 10000,100k,1M.',
        });
      }
      return size;
    });
}

/** `--dimensions 768` → 768; 0 or nothing → null (BM25 only). */
export function parseDimensions(value: string | undefined): number | null {
  const dimensions = Number(value ?? 0);
  if (!Number.isInteger(dimensions) || dimensions < 0) {
    throw new KnowhowError('USAGE', `--dimensions: "${value}" is not a number of dimensions.`, {
      hint: 'Give --dimensions 768 for dense and hybrid search, or 0 for BM25 only.',
    });
  }
  return dimensions === 0 ? null : dimensions;
}

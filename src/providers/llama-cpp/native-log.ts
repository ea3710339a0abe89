/**
 * llama.cpp explains failures only in its log ("tensor 'blk.0.attn_k.weight' has incorrect shape"),
 * while node-llama-cpp throws a generic "Failed to load model". The log is kept here, quiet by
 * default, so errors can quote the native reason. `KNOWHOW_LLAMA_LOG=1` echoes it to stderr.
 */

const capacity = 64;
const lines: string[] = [];
let written = 0;

export function recordNativeLog(message: string): void {
  const trimmed = message.trim();
  if (trimmed === '') return;
  lines.push(trimmed);
  if (lines.length > capacity) lines.shift();
  written++;
  if (process.env.KNOWHOW_LLAMA_LOG) process.stderr.write(`[llama.cpp] ${trimmed}\n`);
}

/** A position in the log, to collect what was logged during one operation. */
export function markNativeLog(): number {
  return written;
}

/** The last `limit` lines logged since `mark` (operations on other models may interleave: rare, and harmless). */
export function nativeLogSince(mark: number, limit = 3): string[] {
  const count = Math.min(written - mark, lines.length);
  return lines.slice(lines.length - count).slice(-limit);
}

/** " (llama.cpp: …)" or "" when nothing was logged. */
export function describeNativeLogSince(mark: number): string {
  const logged = nativeLogSince(mark);
  return logged.length === 0 ? '' : ` (llama.cpp: ${logged.join(' | ')})`;
}

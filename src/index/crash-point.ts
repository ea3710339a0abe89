/**
 * Deterministic crash points for the crash-recovery tests. With `KNOWHOW_CRASH_AT=<point>` (or
 * `<point>#<n>`, the nth time the point is reached) the index store kills its own process with
 * SIGKILL right there: no exit handler, no flush, as a power cut or the OOM killer would. Random
 * kills almost never land in the microseconds between two commits; these do, every time. Read
 * only by the index store; unset, a crash point costs one comparison.
 */

export const crashPoints = [
  'write:before-journal',
  'write:after-journal',
  'write:after-upsert',
  'write:after-chunks',
  'write:after-documents',
  'write:after-unmark',
  'delete:after-journal',
  'delete:after-chunks',
  'delete:after-documents',
  'recover:after-chunks',
  'recover:after-documents',
  'optimize:before',
] as const;

export type CrashPoint = (typeof crashPoints)[number];

const wanted = parse(process.env.KNOWHOW_CRASH_AT);
let reached = 0;

function parse(value: string | undefined): { point: string; nth: number } | null {
  if (!value) return null;
  const [point = '', nth = '1'] = value.split('#');
  return { point, nth: Math.max(1, Number.parseInt(nth, 10) || 1) };
}

export function crashPoint(point: CrashPoint): void {
  if (wanted === null || wanted.point !== point) return;
  reached++;
  // kill(2) delivers an unblockable signal to the calling thread before it returns.
  if (reached === wanted.nth) process.kill(process.pid, 'SIGKILL');
}

/**
 * Progress for long work: a redrawn bar with counts and rate on a TTY, a quiet line every few
 * seconds elsewhere (CI logs), nothing at all with `silent`. Always on stderr so that
 * stdout stays clean for --json.
 */
export interface Progress {
  /** Adds to the done count; `total` may grow as work is discovered. */
  tick(amount?: number, detail?: string): void;
  setTotal(total: number): void;
  done(summary?: string): void;
}

export interface ProgressOptions {
  label: string;
  unit: string;
  total?: number;
  stream?: NodeJS.WriteStream | { write(chunk: string): boolean; isTTY?: boolean };
  mode?: 'tty' | 'lines' | 'silent';
  /** Seconds between lines in `lines` mode. */
  intervalSeconds?: number;
}

export const silentProgress: Progress = { tick() {}, setTotal() {}, done() {} };

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const mode = options.mode ?? (stream.isTTY ? 'tty' : 'lines');
  if (mode === 'silent') return silentProgress;
  const started = performance.now();
  const interval = (options.intervalSeconds ?? 5) * 1000;
  let total = options.total ?? 0;
  let count = 0;
  let lastDraw = 0;
  let lastLine = started;
  let finished = false;

  const rate = () => {
    const seconds = (performance.now() - started) / 1000;
    return seconds > 0 ? count / seconds : 0;
  };
  const draw = () => {
    const perSecond = rate();
    if (mode === 'tty') {
      const width = 24;
      const fraction = total > 0 ? Math.min(1, count / total) : 0;
      const filled = Math.round(fraction * width);
      const bar = total > 0 ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ` : '';
      const eta = total > 0 && perSecond > 0 ? ` eta ${formatSeconds((total - count) / perSecond)}` : '';
      stream.write(
        `\r\x1b[2K${options.label} ${bar}${count}${total > 0 ? `/${total}` : ''} ${options.unit} · ${perSecond.toFixed(1)} ${options.unit}/s${eta}`,
      );
    } else {
      stream.write(
        `${options.label}: ${count}${total > 0 ? `/${total}` : ''} ${options.unit} (${perSecond.toFixed(1)} ${options.unit}/s)\n`,
      );
    }
  };

  return {
    tick(amount = 1) {
      if (finished) return;
      count += amount;
      const now = performance.now();
      if (mode === 'tty' && now - lastDraw > 80) {
        lastDraw = now;
        draw();
      } else if (mode === 'lines' && now - lastLine > interval) {
        lastLine = now;
        draw();
      }
    },
    setTotal(next) {
      total = next;
    },
    done(summary) {
      if (finished) return;
      finished = true;
      const seconds = (performance.now() - started) / 1000;
      const line = `${options.label}: ${count} ${options.unit} in ${formatSeconds(seconds)} (${rate().toFixed(1)} ${options.unit}/s)${summary ? ` — ${summary}` : ''}`;
      stream.write(mode === 'tty' ? `\r\x1b[2K${line}\n` : `${line}\n`);
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  return `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}

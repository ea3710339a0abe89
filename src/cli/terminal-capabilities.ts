/**
 * What the terminal can show, decided once per command so every part of the CLI agrees: colour
 * in search, diagnose and the progress bar used to be decided in three places, two of which
 * ignored FORCE_COLOR (CI logs that render ANSI) and TERM=dumb (Emacs shells, some CI runners).
 * Precedence follows https://no-color.org and https://force-color.org: FORCE_COLOR, then a
 * non-empty NO_COLOR, then TERM=dumb, then whether the stream is a TTY.
 */
export interface TerminalCapabilities {
  /** ANSI colours and styles on stdout. */
  color: boolean;
  /** A redrawn progress line on stderr (carriage return and erase-line codes). */
  redraw: boolean;
}

export interface DetectTerminalOptions {
  environment: Record<string, string | undefined>;
  stdoutIsTerminal: boolean;
  stderrIsTerminal: boolean;
}

export function detectTerminalCapabilities(options: DetectTerminalOptions): TerminalCapabilities {
  const dumb = options.environment.TERM === 'dumb';
  return {
    color: decideColor(options.environment, options.stdoutIsTerminal && !dumb),
    redraw: options.stderrIsTerminal && !dumb,
  };
}

function decideColor(environment: Record<string, string | undefined>, fallback: boolean): boolean {
  const force = environment.FORCE_COLOR;
  // FORCE_COLOR=0 / false turns colour off, as in Node's own util.inspect and chalk.
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (environment.NO_COLOR) return false;
  return fallback;
}

import { KnowhowError, toKnowhowError } from '../core/errors.js';
import { createProgress, type Progress, type ProgressOptions } from '../core/progress.js';
import { redactSecrets } from '../core/secrets.js';
import { detectTerminalCapabilities } from './terminal-capabilities.js';

/** What every command returns: data for --json, text for people. */
export interface CommandResult {
  data: unknown;
  text: string;
  exitCode?: number;
}

export interface GlobalOptions {
  json: boolean;
  quiet: boolean;
  config?: string;
  cwd: string;
}

export interface Io {
  stdout: { write(chunk: string): boolean; isTTY?: boolean };
  stderr: { write(chunk: string): boolean; isTTY?: boolean };
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

export interface CommandContext extends GlobalOptions {
  io: Io;
  /** ANSI colours on stdout: decided once from FORCE_COLOR, NO_COLOR, TERM and the TTY. */
  color: boolean;
  progress(options: Omit<ProgressOptions, 'stream' | 'mode'>): Progress;
  /** Informational lines on stderr (suppressed by --quiet and --json). */
  info(line: string): void;
}

export function createContext(
  globals: GlobalOptions,
  io: Io,
  environment: Record<string, string | undefined> = process.env,
): CommandContext {
  const silent = globals.quiet || globals.json;
  const terminal = detectTerminalCapabilities({
    environment,
    stdoutIsTerminal: Boolean(io.stdout.isTTY),
    stderrIsTerminal: Boolean(io.stderr.isTTY),
  });
  return {
    ...globals,
    io,
    color: terminal.color,
    progress: (options) =>
      createProgress({
        ...options,
        stream: io.stderr,
        mode: silent ? 'silent' : terminal.redraw ? 'tty' : 'lines',
      }),
    info: (line) => {
      if (!silent) io.stderr.write(`${redactSecrets(line)}\n`);
    },
  };
}

export function writeResult(context: CommandContext, result: CommandResult): number {
  // Everything a command prints passes here (and through writeError): the CLI's redaction point.
  if (context.json) {
    context.io.stdout.write(`${redactSecrets(JSON.stringify(result.data, null, 2))}\n`);
  } else if (result.text) {
    const text = redactSecrets(result.text);
    context.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  return result.exitCode ?? 0;
}

export function writeError(context: Pick<CommandContext, 'json' | 'io'>, error: unknown): number {
  const known = toKnowhowError(error);
  if (context.json) {
    context.io.stdout.write(`${redactSecrets(JSON.stringify({ error: known.toJSON() }, null, 2))}\n`);
  } else {
    const hint = known.hint ? `\n  ${known.hint}` : '';
    context.io.stderr.write(redactSecrets(`error [${known.code}] ${known.message}${hint}\n`));
    if (known.code === 'INTERNAL' && process.env.KNOWHOW_DEBUG && known.cause instanceof Error) {
      context.io.stderr.write(redactSecrets(`${known.cause.stack}\n`));
    }
  }
  return known.exitCode;
}

export { KnowhowError };

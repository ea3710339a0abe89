/**
 * The knowhow command line. Every command gets its wiring from the workspace (src/workspace)
 * and holds no pipeline logic of its own; every command returns a CommandResult so that --json
 * is uniform. Start-up is kept short: commands register their name, options and description
 * from light modules (src/cli/commands), and import their implementation (src/cli/actions, and
 * through it LanceDB, Arrow, node-llama-cpp…) only when they run — `knowhow --version` went from
 * 1.1 s to under 0.3 s that way (README, Layout).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { KnowhowError } from '../core/errors.js';
import { commands } from './commands/index.js';
import {
  type CommandContext,
  type CommandResult,
  createContext,
  type Io,
  processIo,
  writeError,
  writeResult,
} from './output.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

export type RunCommand = (action: (context: CommandContext) => Promise<CommandResult>) => Promise<void>;

export interface CommandSpec {
  name: string;
  /**
   * Adds the command to the program. `selected`: this is the command being run (or whose help is
   * asked for), so options that cost an import to list (advise's questions) are worth adding.
   */
  register(program: Command, run: RunCommand, selected: boolean): void | Promise<void>;
}

const globalOptionsWithValue = new Set(['-c', '--config', '-C', '--cwd']);

/** The command argv names (`help <command>` included), without parsing anything else. */
export function selectedCommand(argv: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (globalOptionsWithValue.has(arg)) i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return words[0] === 'help' ? words[1] : words[0];
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('knowhow')
    .description(
      'Should your LLM use RAG, fine-tuning, both, or a better prompt? Measured on your own test cases.',
    )
    .version(version, '-v, --version')
    .option('--json', 'machine-readable output on stdout', false)
    .option('-q, --quiet', 'no progress or informational lines', false)
    .option('-c, --config <file>', 'path to knowhow.yaml (default: found from the current folder upwards)')
    .option('-C, --cwd <dir>', 'run as if started in this folder')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Usage errors are rendered once, by writeError, in the same shape as every other error.
      outputError: () => {},
    });

  const run = async (action: (context: CommandContext) => Promise<CommandResult>) => {
    const globals = program.opts<{ json: boolean; quiet: boolean; config?: string; cwd?: string }>();
    const context = createContext(
      {
        json: globals.json,
        quiet: globals.quiet,
        cwd: path.resolve(globals.cwd ?? process.cwd()),
        ...(globals.config ? { config: globals.config } : {}),
      },
      io,
    );
    try {
      exitCode = writeResult(context, await action(context));
    } catch (error) {
      exitCode = writeError(context, error);
    }
  };

  const selected = selectedCommand(argv);
  for (const command of commands) await command.register(program, run, command.name === selected);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      return writeError(
        { json: argv.includes('--json'), io },
        new KnowhowError('USAGE', error.message.replace(/^error: /, ''), {
          hint: 'Run `knowhow --help` for usage.',
        }),
      );
    }
    return writeError({ json: argv.includes('--json'), io }, error);
  }
  return exitCode;
}

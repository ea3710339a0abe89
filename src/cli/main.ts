/**
 * The knowhow command line. It wires stages to concrete providers and stores; it holds no
 * pipeline logic of its own. Every command returns a CommandResult so that --json is uniform.
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

export interface CommandSpec {
  register(
    program: Command,
    run: (action: (context: CommandContext) => Promise<CommandResult>) => Promise<void>,
  ): void;
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

  for (const command of commands) command.register(program, run);

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

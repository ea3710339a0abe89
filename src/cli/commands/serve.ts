import { KnowhowError } from '../../core/errors.js';
import type { CommandSpec } from '../main.js';
import { parseNumber } from '../parse-options.js';

function parsePort(value: string): number {
  const port = parseNumber(value, '--port');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new KnowhowError('USAGE', `--port must be a whole number from 0 to 65535, got "${value}".`, {
      hint: 'Example: --port 8787 (0 picks a free port).',
    });
  }
  return port;
}

export const serveCommand: CommandSpec = {
  name: 'serve',
  register(program, run) {
    program
      .command('serve')
      .description('HTTP API (OpenAI-compatible chat with retrieval and citations) and the dashboard')
      .option('-p, --port <n>', 'port (default: serve.port, 8787; 0 picks a free one)', parsePort)
      .option('--host <host>', 'interface to bind (default: serve.host, 127.0.0.1)')
      .action((options: { port?: number; host?: string }) =>
        run(async (context) => (await import('../actions/serve.js')).runServe(context, options)),
      );
  },
};

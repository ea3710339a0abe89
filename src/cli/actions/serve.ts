import { serveWorkspace } from '../../workspace/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

/** Serves until SIGINT or SIGTERM, then lets in-flight requests finish. */
export function runServe(
  context: CommandContext,
  options: { port?: number; host?: string },
): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const server = await serveWorkspace(workspace, {
      ...(options.host ? { host: options.host } : {}),
      ...(options.port === undefined ? {} : { port: options.port }),
    });
    const access =
      server.keys === 0
        ? 'no API keys configured: local mode, bound to loopback only, every request reads every document'
        : `${server.keys} API key(s); requests read public documents plus their key's groups`;
    const tuned = server.tuned
      ? ` (tuned: ${server.tuned.name ?? `${server.tuned.reference.provider}:${server.tuned.reference.model}`})`
      : '';
    if (context.json) {
      context.io.stdout.write(
        `${JSON.stringify({ url: server.url, host: server.host, port: server.port, keys: server.keys, models: server.models })}\n`,
      );
    } else if (!context.quiet) {
      context.io.stderr.write(
        `knowhow serve: ${server.url}  (dashboard ${server.url}/ · API ${server.url}/v1)\n  access: ${access}\n  models: ${server.models.join(', ')}${tuned} · Ctrl-C stops after in-flight requests finish\n`,
      );
    }
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const stop = (received: NodeJS.Signals) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(received);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    context.info(`${signal}: finishing ${server.inFlight()} in-flight request(s)…`);
    await server.close({ graceMs: workspace.config.serve.requestTimeoutMs });
    return { data: { stopped: true, signal, url: server.url }, text: 'knowhow serve stopped.' };
  });
}

/**
 * The server side of the serve benchmark, run as its own process (`node dist/bench/serve-benchmark-child.js
 * <workspace-root> [process|server]`, the second naming serve.writer) so that the load generator never shares its event loop or heap. It serves the
 * benchmark workspace's index (built by the parent) with the extractive model on a free loopback
 * port, prints `{"url": …}` on one line, and shuts down gracefully on SIGTERM. Never imported:
 * running it is its only purpose.
 */
import { createServeApp, startServer } from '../serve/index.js';
import { createServeDependencies } from '../workspace/index.js';
import { createServeBenchmarkWorkspace } from './serve-benchmark-workspace.js';

const [root, writer = 'process'] = process.argv.slice(2);
if (!root) {
  process.stderr.write('usage: serve-benchmark-child <workspace-root>\n');
  process.exit(2);
}

const workspace = createServeBenchmarkWorkspace(root, {
  serve: { writer: writer === 'server' ? 'server' : 'process' },
});
const { dependencies } = await createServeDependencies(workspace, { keys: [] });
const server = await startServer({ app: createServeApp(dependencies), host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);

const stop = async () => {
  await server.close({ graceMs: 5_000 });
  await workspace.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());

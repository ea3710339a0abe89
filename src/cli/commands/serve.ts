import path from 'node:path';
import { chunkDocument } from '../../chunk/index.js';
import { KnowhowError } from '../../core/errors.js';
import { FEEDBACK_FILE } from '../../core/feedback-types.js';
import { createServeApp, isLoopbackHost, resolveApiKeys, startServer } from '../../serve/index.js';
import { resolveTunedModel } from '../../tune/model-registry.js';
import type { CommandSpec } from '../main.js';
import { openStore, openWorkspace } from '../open-workspace.js';
import { parseNumber } from '../parse-options.js';
import {
  createAnswerModel,
  createEmbedder,
  createLanguageModel,
  createReranker,
  resolveEmbeddingDimensions,
} from '../select-providers.js';

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
  register(program, run) {
    program
      .command('serve')
      .description('HTTP API (OpenAI-compatible chat with retrieval and citations) and the dashboard')
      .option('-p, --port <n>', 'port (default: serve.port, 8787; 0 picks a free one)', parsePort)
      .option('--host <host>', 'interface to bind (default: serve.host, 127.0.0.1)')
      .action((options: { port?: number; host?: string }) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
          const settings = workspace.config.serve;
          const host = options.host ?? settings.host;
          const keys = resolveApiKeys({ serve: settings });
          if (keys.length === 0 && !isLoopbackHost(host)) {
            throw new KnowhowError(
              'USAGE',
              `Refusing to listen on ${host} without API keys: anyone who can reach it could read every document.`,
              {
                hint: 'Configure serve.keys in knowhow.yaml (or KNOWHOW_API_KEYS), or bind to 127.0.0.1.',
              },
            );
          }
          // models.tuned, else the newest registered model, with the groups its data came from.
          const tunedModel = await resolveTunedModel(workspace.dataDir, workspace.config.models.tuned);
          const [answer, tuned, embedder, reranker] = await Promise.all([
            createAnswerModel(workspace),
            tunedModel ? createLanguageModel(workspace, tunedModel.ref, 'tuned') : undefined,
            createEmbedder(workspace),
            createReranker(workspace),
          ]);
          const store = await openStore(workspace, {
            vectorDimensions: embedder ? await resolveEmbeddingDimensions(embedder) : null,
            embeddingModel: embedder ? `${embedder.provider}:${embedder.modelId}` : null,
          });
          const app = createServeApp({
            store,
            models: { answer, ...(tuned ? { tuned, tunedGroups: tunedModel?.groups ?? [] } : {}) },
            ...(embedder ? { embedder } : {}),
            ...(reranker ? { reranker } : {}),
            config: workspace.config,
            dataDirectory: workspace.dataDir,
            runsDirectory: workspace.runsDirectory,
            feedbackFile: path.join(workspace.dataDir, FEEDBACK_FILE),
            keys,
            chunk: (document) =>
              chunkDocument(document, {
                maxTokens: workspace.config.chunk.maxTokens,
                overlapTokens: workspace.config.chunk.overlapTokens,
              }),
            project: workspace.config.project,
          });
          let server: Awaited<ReturnType<typeof startServer>>;
          try {
            server = await startServer({ app, host, port: options.port ?? settings.port });
          } catch (error) {
            await store.close();
            throw error;
          }
          const access =
            keys.length === 0
              ? 'no API keys configured: local mode, bound to loopback only, every request reads every document'
              : `${keys.length} API key(s); requests read public documents plus their key's groups`;
          if (context.json) {
            context.io.stdout.write(
              `${JSON.stringify({ url: server.url, host: server.host, port: server.port, keys: keys.length })}\n`,
            );
          } else if (!context.quiet) {
            context.io.stderr.write(
              `knowhow serve: ${server.url}  (dashboard ${server.url}/ · API ${server.url}/v1)\n  access: ${access}\n  models: ${['rag', 'prompt', ...(tuned ? ['tuned', 'hybrid'] : [])].join(', ')} · Ctrl-C stops after in-flight requests finish\n`,
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
          await server.close({ graceMs: settings.requestTimeoutMs });
          await store.close();
          return {
            data: { stopped: true, signal, url: server.url },
            text: 'knowhow serve stopped.',
          };
        }),
      );
  },
};

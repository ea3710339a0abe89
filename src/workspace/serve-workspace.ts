import path from 'node:path';
import { KnowhowError } from '../core/errors.js';
import {
  type ApiKey,
  createServeApp,
  isLoopbackHost,
  listServedModels,
  type RunningServer,
  resolveApiKeys,
  type ServeDependencies,
  startServer,
} from '../serve/index.js';
import type { CurrentTunedModel } from './current-tuned-model.js';
import type { Workspace } from './open-workspace.js';

export interface WorkspaceServeDependencies {
  dependencies: ServeDependencies;
  /** The tuned model behind `tuned` and `hybrid`, when one is registered or pinned. */
  tuned: CurrentTunedModel | undefined;
}

/**
 * What `serve` is built from, for this workspace: the answer model (behind `rag`, `prompt` and
 * `long-context`), the current tuned model (so /v1/models offers `tuned` and `hybrid` as soon as
 * one is registered), retrieval as configured,
 * the index opened for writing (uploads), the run folders, the feedback log and the API keys.
 */
export async function createServeDependencies(
  workspace: Workspace,
  options: { keys?: ApiKey[] } = {},
): Promise<WorkspaceServeDependencies> {
  const [answer, tuned, embedder, reranker] = await Promise.all([
    workspace.answerModel(),
    workspace.tunedModel(),
    workspace.embedder(),
    workspace.reranker(),
  ]);
  const store = await workspace.writableStore({ writerProcess: workspace.config.serve.writer === 'process' });
  return {
    tuned: tuned?.current,
    dependencies: {
      store,
      models: { answer, ...(tuned ? { tuned: tuned.model, tunedGroups: tuned.current.groups } : {}) },
      ...(embedder ? { embedder } : {}),
      ...(reranker ? { reranker } : {}),
      config: workspace.config,
      dataDirectory: workspace.dataDir,
      runsDirectory: workspace.paths.runs,
      feedbackFile: workspace.paths.feedback,
      casesDirectory: path.resolve(workspace.root, workspace.config.eval.cases),
      keys: options.keys ?? resolveApiKeys({ serve: workspace.config.serve }),
      chunk: workspace.chunk,
      project: workspace.config.project,
    },
  };
}

export interface ServeWorkspaceOptions {
  /** Interface to bind (default serve.host, 127.0.0.1). */
  host?: string;
  /** Port (default serve.port; 0 picks a free one). */
  port?: number;
}

export interface WorkspaceServer extends RunningServer {
  /** API keys in force; none means loopback operator mode. */
  keys: number;
  /** The model ids /v1/models lists. */
  models: string[];
  tuned: CurrentTunedModel | undefined;
}

/** Starts `knowhow serve` for a workspace. Refuses a non-loopback address without API keys. */
export async function serveWorkspace(
  workspace: Workspace,
  options: ServeWorkspaceOptions = {},
): Promise<WorkspaceServer> {
  const settings = workspace.config.serve;
  const host = options.host ?? settings.host;
  const keys = resolveApiKeys({ serve: settings });
  if (keys.length === 0 && !isLoopbackHost(host)) {
    throw new KnowhowError(
      'USAGE',
      `Refusing to listen on ${host} without API keys: anyone who can reach it could read every document.`,
      { hint: 'Configure serve.keys in knowhow.yaml (or KNOWHOW_API_KEYS), or bind to 127.0.0.1.' },
    );
  }
  const { dependencies, tuned } = await createServeDependencies(workspace, { keys });
  const stops: (() => Promise<void>)[] = [];
  const app = createServeApp({ ...dependencies, onShutdown: (stop) => stops.push(stop) });
  const server = await startServer({ app, host, port: options.port ?? settings.port });
  return {
    ...server,
    // The caller closes the workspace, and so the store, next: maintenance ends first.
    async close(closeOptions) {
      await server.close(closeOptions);
      for (const stop of stops) await stop();
    },
    keys: keys.length,
    models: listServedModels(dependencies.models).map((served) => served.id),
    tuned,
  };
}

/**
 * The high-level library API: the same operations as `knowhow ingest`, `search`, `ask`, `eval`,
 * `diagnose` and `serve`, for scripts and services. A thin layer on the workspace (src/workspace),
 * which the CLI uses too. Each one-shot function opens the workspace (knowhow.yaml found from `cwd`
 * upwards, or defaults), does its work and closes the index; a service that answers many queries
 * holds one handle instead: `const ws = await openWorkspace({ cwd }); await ws.search(q); … await ws.close()`.
 *
 * Readers: search and ask read as the `public` reader unless given `groups` (a member of those
 * groups) or `reader` (e.g. `EVERYONE`, the operator who reads every document — never a default).
 */
import type { WriteSessionOptions } from './core/index-store.js';
import type { IngestSummary } from './ingest/index.js';
import type { RetrieveResult } from './retrieve/index.js';
import {
  type DiagnoseOptions,
  diagnose as diagnoseWorkspace,
  type EvaluateOptions,
  type EvaluateResult,
  evaluate as evaluateWorkspace,
  openWorkspace,
  type ServeWorkspaceOptions,
  serveWorkspace,
  type Workspace,
  type WorkspaceAnswer,
  type WorkspaceAskOptions,
  type WorkspaceIngestOptions,
  type WorkspaceOptimizeResult,
  type WorkspaceSearchOptions,
  type WorkspaceServer,
} from './workspace/index.js';

export interface WorkspaceOptions {
  /** Folder to start from (default: the current folder). */
  cwd?: string;
  /** knowhow.yaml to use instead of the one found from `cwd`. */
  config?: string;
}

async function withWorkspace<T>(
  options: WorkspaceOptions,
  work: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  const workspace = await openWorkspace({
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.config ? { config: options.config } : {}),
  });
  try {
    return await work(workspace);
  } finally {
    await workspace.close();
  }
}

function withoutWorkspaceOptions<T extends WorkspaceOptions>(options: T): Omit<T, 'cwd' | 'config'> {
  const { cwd: _cwd, config: _config, ...rest } = options;
  return rest;
}

export interface IngestCallOptions extends WorkspaceOptions, Omit<WorkspaceIngestOptions, 'cwd'> {}

/** Loads, chunks, embeds (when configured) and indexes documents; incremental. */
export function ingest(options: IngestCallOptions = {}): Promise<IngestSummary> {
  return withWorkspace(options, (workspace) =>
    workspace.ingest({
      ...withoutWorkspaceOptions(options),
      // Paths given here are relative to `cwd`; knowhow.yaml's ingest.paths to its own folder.
      ...(options.paths ? { cwd: options.cwd ?? process.cwd() } : {}),
    }),
  );
}

export interface OptimizeCallOptions extends WorkspaceOptions, Omit<WriteSessionOptions, 'purpose'> {}

/**
 * Folds new rows into the indexes, compacts, and removes replaced versions (`knowhow optimize`):
 * after another process re-ingested, a service's queries scan what that left unfolded until then.
 */
export function optimize(options: OptimizeCallOptions = {}): Promise<WorkspaceOptimizeResult> {
  return withWorkspace(options, (workspace) => workspace.optimize(withoutWorkspaceOptions(options)));
}

export interface SearchCallOptions extends WorkspaceOptions, WorkspaceSearchOptions {}

/** Ranked passages for a query, filtered by access groups inside the index query (default reader: `public`). */
export async function search(query: string, options: SearchCallOptions = {}): Promise<SearchResultHits> {
  const result = await withWorkspace(options, (workspace) =>
    workspace.search(query, withoutWorkspaceOptions(options)),
  );
  return result.hits;
}

export type SearchResultHits = RetrieveResult['hits'];

export interface AskCallOptions extends WorkspaceOptions, WorkspaceAskOptions {}

/** An answer with verified numbered citations (extractive when no model is configured); default reader `public`. */
export function ask(question: string, options: AskCallOptions = {}): Promise<WorkspaceAnswer> {
  return withWorkspace(options, (workspace) => workspace.ask(question, withoutWorkspaceOptions(options)));
}

export interface EvaluateCallOptions extends WorkspaceOptions, EvaluateOptions {}

/** Runs the test cases through the variants and writes the run folder with its report (`knowhow eval`). */
export function evaluate(options: EvaluateCallOptions = {}): Promise<EvaluateResult> {
  return withWorkspace(options, (workspace) =>
    evaluateWorkspace(workspace, withoutWorkspaceOptions(options)),
  );
}

export interface DiagnoseCallOptions extends WorkspaceOptions, DiagnoseOptions {}

/** Attribution, recommendation, costs and the HTML report, for a new run or `runId` (`knowhow diagnose`). */
export function diagnose(
  options: DiagnoseCallOptions = {},
): Promise<Pick<EvaluateResult, 'report' | 'files'>> {
  return withWorkspace(options, (workspace) =>
    diagnoseWorkspace(workspace, withoutWorkspaceOptions(options)),
  );
}

export interface CreateServerOptions extends WorkspaceOptions, ServeWorkspaceOptions {}

/**
 * Starts `knowhow serve` for the workspace (the OpenAI-compatible API and the dashboard);
 * `close()` stops it after in-flight requests and closes the index.
 */
export async function createServer(options: CreateServerOptions = {}): Promise<WorkspaceServer> {
  const workspace = await openWorkspace({
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.config ? { config: options.config } : {}),
  });
  try {
    const server = await serveWorkspace(workspace, withoutWorkspaceOptions(options));
    return {
      ...server,
      async close(closeOptions) {
        await server.close(closeOptions);
        await workspace.close();
      },
    };
  } catch (error) {
    await workspace.close();
    throw error;
  }
}

export { openWorkspace };

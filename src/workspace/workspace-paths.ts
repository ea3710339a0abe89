import path from 'node:path';
import { FEEDBACK_FILE } from '../core/feedback-types.js';
// The tune stage owns where its registry lives; this light file is read directly so that every
// command does not load the tune stage's entry (engines, converters) to know one path.
import { tunePaths } from '../tune/index.js';

/** Where a workspace keeps its files, all under the data dir (`.knowhow/` by default). */
export interface WorkspacePaths {
  dataDir: string;
  /** The index store's folder. */
  index: string;
  /** One folder per eval run (layout: src/eval/run-folder.ts). */
  runs: string;
  cache: string;
  /** The shared provider layer's response cache. */
  responseCache: string;
  /** Answers rated in the dashboard or through POST /v1/feedback; `tune prepare` reads them. */
  feedback: string;
  /** The tuned-model registry (src/tune/model-registry.ts). */
  models: string;
  /** What the last clean ingest left per file, so unchanged files are skipped unread (src/ingest/file-ledger.ts). */
  ingestLedger: string;
}

export function workspacePathsFor(dataDir: string): WorkspacePaths {
  return {
    dataDir,
    index: path.join(dataDir, 'index'),
    runs: path.join(dataDir, 'runs'),
    cache: path.join(dataDir, 'cache'),
    responseCache: path.join(dataDir, 'cache', 'responses'),
    feedback: path.join(dataDir, FEEDBACK_FILE),
    models: tunePaths.models(dataDir),
    ingestLedger: path.join(dataDir, 'ingest-ledger.json'),
  };
}

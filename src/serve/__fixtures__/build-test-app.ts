import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeChunk, makeRecord } from '../../../test/helpers/make-chunk.js';
import { chunkDocument } from '../../chunk/index.js';
import { configSchema, type KnowhowConfig } from '../../core/config/schema.js';
import { FEEDBACK_FILE } from '../../core/feedback-types.js';
import type { IndexStore } from '../../core/index-store.js';
import { createExtractiveLanguageModel } from '../../providers/extractive/index.js';
import type { LanguageModel } from '../../providers/spec.js';
import type { ApiKey } from '../api-keys.js';
import { createServeApp } from '../create-serve-app.js';
import type { ServeDependencies } from '../serve-runtime.js';
import { MemoryIndexStore } from './memory-index-store.js';

export const SUPPORT_KEY: ApiKey = { name: 'support-bot', key: 'sk-support-0123456789', groups: ['support'] };
export const ADMIN_KEY: ApiKey = { name: 'ops', key: 'sk-admin-0123456789abc', groups: ['admin'] };
export const PUBLIC_KEY: ApiKey = { name: 'website', key: 'sk-public-0123456789', groups: [] };
export const REVIEWER_KEY: ApiKey = { name: 'lead', key: 'sk-reviewer-0123456789', groups: ['reviewer'] };

export interface TestApp {
  app: ReturnType<typeof createServeApp>;
  store: MemoryIndexStore;
  dataDirectory: string;
  feedbackFile: string;
  runsDirectory: string;
  logs: string[];
  cleanup(): Promise<void>;
}

/** Three documents: a public refund policy, a support-only runbook, an hr-only salary note. */
export function seedStore(store: MemoryIndexStore): void {
  const chunks = [
    makeChunk('billing/refunds.md', 0, 'Refunds are granted within 30 days of purchase. Contact billing for a refund.', {
      title: 'Refunds',
      headingPath: ['Refund window'],
      // After a four-line front matter: where the passage stands in the file.
      sourceStart: 52,
      sourceEnd: 129,
      line: 7,
      endLine: 7,
    }),
    makeChunk('internal/runbook.md', 0, 'Escalate refund disputes to the on-call support lead within 2 hours.', {
      title: 'Support runbook',
      groups: ['support'],
    }),
    makeChunk('hr/salaries.md', 0, 'Refund of relocation costs is capped at 5000 euros for new hires.', {
      title: 'Salaries',
      groups: ['hr'],
    }),
  ];
  for (const chunk of chunks) {
    store.chunks.set(chunk.id, chunk);
    store.documents.set(
      chunk.documentId,
      makeRecord(chunk.documentId, 1, { title: chunk.title, groups: chunk.groups }),
    );
  }
}

export async function buildTestApp(
  options: {
    keys?: ApiKey[];
    config?: Record<string, unknown>;
    store?: IndexStore;
    tuned?: LanguageModel;
    overrides?: Partial<ServeDependencies>;
  } = {},
): Promise<TestApp> {
  const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
  const config: KnowhowConfig = configSchema.parse(options.config ?? {});
  const store = new MemoryIndexStore();
  seedStore(store);
  const logs: string[] = [];
  const runsDirectory = path.join(dataDirectory, 'runs');
  const feedbackFile = path.join(dataDirectory, FEEDBACK_FILE);
  const app = createServeApp({
    store: options.store ?? store,
    models: {
      answer: createExtractiveLanguageModel(),
      ...(options.tuned ? { tuned: options.tuned } : {}),
    },
    config,
    dataDirectory,
    runsDirectory,
    feedbackFile,
    keys: options.keys ?? [],
    chunk: (document) => chunkDocument(document, { maxTokens: 200, overlapTokens: 0 }),
    log: (line) => logs.push(line),
    ...options.overrides,
  });
  return {
    app,
    store,
    dataDirectory,
    feedbackFile,
    runsDirectory,
    logs,
    cleanup: () => rm(dataDirectory, { recursive: true, force: true }),
  };
}

export function bearer(key: ApiKey): Record<string, string> {
  return { authorization: `Bearer ${key.key}` };
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

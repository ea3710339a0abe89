import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunk/index.js';
import type { TestCase } from '../../src/core/case-types.js';
import { configSchema } from '../../src/core/config/schema.js';
import type { VariantName } from '../../src/core/eval-types.js';
import { EVERYONE } from '../../src/core/types.js';
import { attributeRun, type GapLabel } from '../../src/decide/index.js';
import { runChecks } from '../../src/eval/checks/run-checks.js';
import { readGoldPassages } from '../../src/eval/read-gold-passages.js';
import { runEval } from '../../src/eval/run-eval.js';
import { generateAnswer } from '../../src/generate/index.js';
import { LanceIndexStore } from '../../src/index/index.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import type { GenerateRequest, LanguageModel } from '../../src/providers/spec.js';
import { retrieve } from '../../src/retrieve/index.js';

/**
 * The planted suite: scripted models with known gaps, run through the real pipeline (LanceDB,
 * retrieval, prompt building, checks) — attribution must name every gap exactly.
 */
const documents: Record<string, string> = {
  'refunds.md': '# Refund policy\n\nCustomers can ask for a refund within 30 days of purchase.',
  'limits.md': '# API rate limits\n\nThe Growth plan allows 120 requests per minute.',
  'trial.md': '# Free trial\n\nThe free trial lasts 21 days and includes every Growth feature.',
  // Worded so that BM25 cannot find it from its question: a planted retrieval miss.
  'residency.md': '# Where data lives\n\nEuropean workspaces are hosted in Frankfurt.',
};

const facts: Record<string, string> = {
  'refund-window': '30 days',
  'growth-rate-limit': '120',
  'trial-length': '21 days',
  'eu-location': 'Frankfurt',
};

const cases: TestCase[] = [
  ['refund-window', 'How many days do customers have to ask for a refund?', 'refunds.md'],
  ['growth-rate-limit', 'What is the API rate limit on the Growth plan?', 'limits.md'],
  ['trial-length', 'How long is the free trial?', 'trial.md'],
  ['eu-location', 'In which city is EU customer information stored?', 'residency.md'],
].map(([id, question, source]) => ({
  id: id!,
  question: question!,
  answer: facts[id!]!,
  facts: [facts[id!]!],
  sources: [source!],
  format: { maxWords: 12, cite: 'optional' as const },
  user: { groups: ['public'] },
  tags: [],
  split: 'eval' as const,
  origin: { file: 'planted.yaml', line: 1 },
}));

const factFor = (request: GenerateRequest) => {
  const question = request.messages.at(-1)!.content;
  return Object.entries(facts).find(([id]) =>
    question.includes(cases.find((c) => c.id === id)!.question),
  )?.[1];
};

function scripted(name: string, answer: (request: GenerateRequest) => string): LanguageModel {
  return {
    provider: 'scripted',
    modelId: name,
    contextWindow: 4096,
    capabilities: { streaming: false, jsonSchema: false, extractive: false },
    async doGenerate(request) {
      return {
        text: answer(request),
        usage: { promptTokens: 50, completionTokens: 10 },
        finishReason: 'stop',
      };
    },
    async *doStream() {},
  };
}

/** Knows nothing by itself; reads the facts from the passages it is given; formats perfectly. */
const readsContextOnly = scripted('knows-nothing-formats-perfectly', (request) => {
  const fact = factFor(request)!;
  const passage = request.context?.find((p) => p.chunk.text.includes(fact));
  return passage ? `${fact} [${passage.marker}].` : 'I do not know.';
});

/** Knows every fact, never follows the format (far over the word limit). */
const ignoresFormats = scripted('knows-everything-ignores-formats', (request) => {
  const fact = factFor(request)!;
  return `Let me explain at some length, because context matters a great deal here: the answer is ${fact}, and there is much more one could say about it.`;
});

let root: string;
let store: LanceIndexStore;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-planted-'));
  await mkdir(path.join(root, 'docs'));
  for (const [name, text] of Object.entries(documents)) await writeFile(path.join(root, 'docs', name), text);
  store = await LanceIndexStore.open({ directory: path.join(root, 'index') });
  const config = configSchema.parse({});
  await runIngest({
    paths: [path.join(root, 'docs')],
    cwd: root,
    config: config.ingest,
    store,
    chunk: (document) => chunkDocument(document, config.chunk),
  });
});
afterAll(async () => {
  await store.close();
  await rm(root, { recursive: true, force: true });
});

async function attribute(model: LanguageModel, run: string): Promise<Record<string, GapLabel>> {
  const variants: VariantName[] = ['prompt', 'rag', 'oracle'];
  const result = await runEval({
    runId: run,
    directory: path.join(root, 'runs', run),
    cases,
    examples: [],
    variants,
    base: model,
    k: 1,
    fewShot: 0,
    concurrency: 2,
    environment: {
      retrieve: async (question, reader) => (await retrieve({ store, query: question, reader, k: 1 })).hits,
      goldPassages: (options) => readGoldPassages(store, options),
      answer: (options) => generateAnswer(options),
      check: (options) => runChecks(options),
      costOf: () => 0,
    },
  });
  return Object.fromEntries(
    attributeRun(result.rows).map((attribution) => [attribution.caseId, attribution.label]),
  );
}

describe('planted suite: attribution through the real pipeline', () => {
  it('a model that knows nothing but formats perfectly: knowledge gaps, and a retrieval gap where retrieval misses', async () => {
    const labels = await attribute(readsContextOnly, 'reads-context');
    expect(labels).toEqual({
      'refund-window': 'knowledge-gap',
      'growth-rate-limit': 'knowledge-gap',
      'trial-length': 'knowledge-gap',
      'eu-location': 'retrieval-gap',
    });
  });

  it('a model that knows everything but ignores formats: behaviour gaps', async () => {
    const labels = await attribute(ignoresFormats, 'ignores-formats');
    expect(Object.values(labels)).toEqual([
      'behaviour-gap',
      'behaviour-gap',
      'behaviour-gap',
      'behaviour-gap',
    ]);
  });

  it('the planted retrieval miss is real: BM25 does not find the residency document for its question', async () => {
    const hits = await retrieve({ store, query: cases[3]!.question, reader: EVERYONE, k: 1 });
    expect(hits.hits.map((hit) => hit.chunk.documentId)).not.toContain('residency.md');
  });
});

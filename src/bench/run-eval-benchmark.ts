/**
 * Framework time of an eval: 100 cases × 6 variants against a zero-latency model, so what is
 * measured is knowhow itself — retrieval, prompt building, checks, row writing — not a model.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestCase } from '../core/case-types.js';
import { type IngestConfig, variantNames } from '../core/config/schema.js';
import type { VariantName } from '../core/eval-types.js';
import type { IndexStore } from '../core/index-store.js';
import type { Chunk, SourceDocument } from '../core/types.js';
import { examplesFromTrainingCases, loadCases, readGoldPassages, runChecks, runEval } from '../eval/index.js';
import { generateAnswer } from '../generate/index.js';
import { runIngest } from '../ingest/index.js';
import type { GenerateRequest, LanguageModel } from '../providers/spec.js';
import { retrieve } from '../retrieve/index.js';

export interface EvalBenchmarkOptions {
  exampleDirectory: string;
  cases: number;
  concurrency: number;
  ingest: IngestConfig;
  /** The workspace's chunker and index engine (src/workspace). */
  chunk: (document: SourceDocument) => Chunk[];
  openStore: (directory: string) => Promise<IndexStore>;
}

export interface EvalBenchmarkResult {
  cases: number;
  variants: number;
  rows: number;
  seconds: number;
  casesPerSecond: number;
  rowsPerSecond: number;
  overheadMsPerRow: number;
}

/** Answers instantly with the first sentence of its first passage: a model with no latency. */
function createInstantModel(name: string): LanguageModel {
  const answer = (request: GenerateRequest) => {
    const passage = request.context?.[0];
    const text = passage ? `${passage.chunk.text.split(/(?<=[.!?])\s/)[0]} [1]` : 'I do not know.';
    return { text, usage: { promptTokens: 100, completionTokens: 20 }, finishReason: 'stop' as const };
  };
  return {
    provider: 'instant',
    modelId: name,
    contextWindow: 8192,
    capabilities: { streaming: true, jsonSchema: false, extractive: false },
    async doGenerate(request) {
      return answer(request);
    },
    async *doStream(request) {
      const result = answer(request);
      yield { type: 'text-delta', text: result.text };
      yield { type: 'finish', usage: result.usage, finishReason: 'stop' };
    },
  };
}

export async function runEvalBenchmark(options: EvalBenchmarkOptions): Promise<EvalBenchmarkResult> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-eval-bench-'));
  const store = await options.openStore(path.join(root, 'index'));
  try {
    await runIngest({
      paths: [path.join(options.exampleDirectory, 'docs')],
      cwd: options.exampleDirectory,
      config: options.ingest,
      store,
      chunk: options.chunk,
    });
    const loaded = await loadCases({ directory: 'cases', root: options.exampleDirectory });
    const base = loaded.cases.filter((testCase) => testCase.split === 'eval');
    const cases: TestCase[] = Array.from({ length: options.cases }, (_, i) => {
      const template = base[i % base.length]!;
      return { ...template, id: `${template.id}-${i}` };
    });
    const variants: VariantName[] = [...variantNames];
    const examples = examplesFromTrainingCases(loaded.cases);
    const started = performance.now();
    const result = await runEval({
      runId: 'bench',
      directory: path.join(root, 'run'),
      cases,
      examples,
      variants,
      base: createInstantModel('base'),
      tuned: createInstantModel('tuned'),
      k: 5,
      fewShot: 3,
      concurrency: options.concurrency,
      environment: {
        retrieve: async (question, reader) => (await retrieve({ store, query: question, reader, k: 5 })).hits,
        goldPassages: (goldOptions) => readGoldPassages(store, goldOptions),
        answer: (answerOptions) => generateAnswer(answerOptions),
        check: (checkOptions) => runChecks(checkOptions),
        costOf: () => 0,
      },
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      cases: cases.length,
      variants: variants.length,
      rows: result.rows.length,
      seconds,
      casesPerSecond: cases.length / seconds,
      rowsPerSecond: result.rows.length / seconds,
      overheadMsPerRow: (seconds * 1000) / result.rows.length,
    };
  } finally {
    await store.close();
    await rm(root, { recursive: true, force: true });
  }
}

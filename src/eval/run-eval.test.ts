import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeChunk } from '../../test/helpers/make-chunk.js';
import type { TestCase } from '../core/case-types.js';
import { generateAnswer } from '../generate/index.js';
import { createExtractiveLanguageModel } from '../providers/extractive/index.js';
import { runChecks } from './checks/run-checks.js';
import { type EvalEnvironment, runEval } from './run-eval.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-run-eval-'));
});
afterEach(async () => rm(directory, { recursive: true, force: true }));

const testCase: TestCase = {
  id: 'refund-window',
  question: 'How many days for a refund?',
  answer: '30 days',
  facts: ['30 days'],
  sources: ['billing/refunds.md'],
  format: {},
  user: { groups: ['public'] },
  tags: [],
  split: 'eval',
  origin: { file: 'cases.yaml', line: 1 },
};

function environment(gold: boolean): EvalEnvironment {
  const hit = {
    chunk: makeChunk('billing/refunds.md', 0, 'Refunds are possible within 30 days.'),
    score: 1,
    rank: 1,
  };
  return {
    retrieve: async () => [hit],
    goldPassages: async () => ({ hits: gold ? [hit] : [], restricted: [] }),
    answer: (options) => generateAnswer(options),
    check: (options) => runChecks(options),
    costOf: () => 0,
  };
}

describe('runEval oracle rows', () => {
  it('answers the oracle from the gold passages', async () => {
    const result = await runEval({
      runId: 'r',
      directory,
      cases: [testCase],
      examples: [],
      variants: ['oracle'],
      base: createExtractiveLanguageModel(),
      environment: environment(true),
      k: 3,
      fewShot: 0,
      concurrency: 1,
    });
    expect(result.rows[0]).toMatchObject({ variant: 'oracle', passed: true });
  });

  it('records a failed row naming the missing sources when none of them is indexed, not a verdict on the model', async () => {
    const result = await runEval({
      runId: 'r',
      directory,
      cases: [testCase],
      examples: [],
      variants: ['oracle'],
      base: createExtractiveLanguageModel(),
      environment: environment(false),
      k: 3,
      fewShot: 0,
      concurrency: 1,
    });
    expect(result.rows[0]!.error).toMatchObject({ code: 'INPUT_NOT_FOUND' });
    expect(result.rows[0]!.error!.message).toContain('billing/refunds.md');
  });

  it('reads the gold documents as the case’s reader, and reports a source that reader may not read instead of answering', async () => {
    const readers: unknown[] = [];
    let calls = 0;
    const model = createExtractiveLanguageModel();
    const counting = {
      ...model,
      capabilities: model.capabilities,
      doGenerate: (request: Parameters<typeof model.doGenerate>[0]) => {
        calls++;
        return model.doGenerate(request);
      },
      doStream: (request: Parameters<typeof model.doStream>[0]) => {
        calls++;
        return model.doStream(request);
      },
    };
    const result = await runEval({
      runId: 'r',
      directory,
      cases: [{ ...testCase, sources: ['billing/internal.md'], user: { groups: ['public'] } }],
      examples: [],
      variants: ['oracle'],
      base: counting,
      environment: {
        ...environment(true),
        goldPassages: async (options) => {
          readers.push(options.reader);
          return { hits: [], restricted: [{ documentId: 'billing/internal.md', groups: ['support'] }] };
        },
      },
      k: 3,
      fewShot: 0,
      concurrency: 1,
    });
    expect(readers).toEqual([{ kind: 'groups', groups: ['public'] }]);
    const row = result.rows[0]!;
    expect(row.error).toBeUndefined();
    expect(row.unanswerable).toEqual({
      reader: ['public'],
      sources: [{ documentId: 'billing/internal.md', groups: ['support'] }],
    });
    expect(row.passed).toBe(false);
    expect(row.verdicts).toEqual({
      content: 'skipped',
      format: 'skipped',
      grounding: 'skipped',
      retrieval: 'skipped',
    });
    expect(calls).toBe(0);
  });
});

describe('runEval long-context rows', () => {
  const options = {
    runId: 'r',
    cases: [testCase],
    examples: [],
    variants: ['long-context' as const],
    base: createExtractiveLanguageModel(),
    k: 3,
    fewShot: 0,
    concurrency: 1,
  };

  it('answers from the packed documents, asked as the case’s reader with the model that answers', async () => {
    const asked: { reader: unknown; model: string }[] = [];
    const result = await runEval({
      ...options,
      directory,
      environment: {
        ...environment(false),
        retrieve: async () => [],
        longContext: async ({ reader, model }) => {
          asked.push({ reader, model: model.modelId });
          const chunk = makeChunk('billing/refunds.md', 0, 'Refunds are possible within 30 days.');
          return {
            hits: [{ chunk, score: 1, rank: 1 }],
            documents: 1,
            readable: 1,
            readableTokens: 7,
            tokens: 7,
            budgetTokens: 31_000,
            ranked: false,
          };
        },
      },
    });
    expect(result.rows[0]).toMatchObject({ variant: 'long-context', passed: true, retrievedIds: [] });
    expect(result.rows[0]?.contextIds).toEqual(['billing/refunds.md#0']);
    expect(asked).toEqual([{ reader: { kind: 'groups', groups: ['public'] }, model: 'extractive' }]);
  });

  it('is skipped, with the reason, where whole documents cannot be read', async () => {
    const result = await runEval({ ...options, directory, environment: environment(false) });
    expect(result.rows).toEqual([]);
    expect(result.skippedVariants).toEqual([
      { variant: 'long-context', reason: 'this run cannot read whole documents from the index' },
    ]);
  });
});

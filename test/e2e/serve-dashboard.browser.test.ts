import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunk/index.js';
import type { TestCase } from '../../src/core/case-types.js';
import { configSchema } from '../../src/core/config/schema.js';
import type { CheckResult, EvalRow, VariantName } from '../../src/core/eval-types.js';
import type { FeedbackEntry } from '../../src/core/feedback-types.js';
import type { ReportChunk, ReportData } from '../../src/core/report-types.js';
import type { SearchHit } from '../../src/core/types.js';
import { buildDiagnosis, type Diagnosis } from '../../src/decide/index.js';
import { generateAnswer } from '../../src/generate/index.js';
import { LanceIndexStore } from '../../src/index/index.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { createExtractiveLanguageModel } from '../../src/providers/extractive/index.js';
import { retrieve } from '../../src/retrieve/index.js';
import { createServeApp, type RunningServer, startServer } from '../../src/serve/index.js';
import { launchChromium } from '../helpers/launch-chromium.js';

const screenshots = path.resolve('test-output');
const helpdesk = path.resolve('examples/helpdesk');
const ADMIN = { name: 'ops', key: 'sk-dashboard-admin-0123456789', groups: ['admin', 'support'] };

const cases: Pick<
  TestCase,
  'id' | 'question' | 'answer' | 'facts' | 'sources' | 'format' | 'tags' | 'user'
>[] = [
  [
    'refund-window',
    'How long do customers have to ask for a refund?',
    '30 days from the purchase date.',
    ['30 days'],
    ['billing/refunds.md'],
  ],
  [
    'starter-annual-price',
    'How much does the Starter plan cost per seat if we pay annually?',
    '$14 per seat per month, billed annually.',
    ['$14'],
    ['plans/pricing.md'],
  ],
  [
    'enterprise-minimum-seats',
    'What is the minimum number of seats for an Enterprise contract?',
    '25 seats, on an annual contract.',
    ['25 seats'],
    ['plans/enterprise.md'],
  ],
  [
    'trial-length',
    'How long is the free trial?',
    '21 days with the Growth plan features.',
    ['21 days'],
    ['plans/free-trial.md'],
  ],
  [
    'nonprofit-discount',
    'Do you offer a discount for nonprofits?',
    'Registered nonprofits get 40% off on annual billing.',
    ['40%'],
    ['plans/discounts.md'],
  ],
  [
    'free-plan-history',
    'How far back can a workspace on the Free plan see its conversations?',
    'The last 90 days.',
    ['90 days'],
    ['plans/free-plan.md'],
  ],
].map(([id, question, answer, facts, sources]) => ({
  id: id as string,
  question: question as string,
  answer: answer as string,
  facts: facts as string[],
  sources: sources as string[],
  format: { maxWords: 80, cite: 'optional' as const },
  tags: [],
  user: { groups: [] },
}));

let directory: string;
let store: LanceIndexStore;
let server: RunningServer;
let browser: Browser;
let feedbackFile: string;

/**
 * A run as `knowhow eval` + `diagnose` would leave it, built from real retrieval over the bundled
 * help centre and the extractive answerer (billed as a priced model so the cost chart has lines).
 */
async function writeRun(runId: string, k: number, createdAt: string): Promise<void> {
  const model = createExtractiveLanguageModel();
  const rows: EvalRow[] = [];
  const chunks: Record<string, ReportChunk> = {};
  const remember = (hits: SearchHit[]) => {
    for (const { chunk } of hits) {
      chunks[chunk.id] = {
        id: chunk.id,
        documentId: chunk.documentId,
        title: chunk.title,
        headingPath: chunk.headingPath,
        start: chunk.start,
        end: chunk.end,
        text: chunk.text,
      };
    }
  };
  for (const testCase of cases) {
    for (const variant of ['prompt', 'few-shot', 'rag', 'oracle'] as VariantName[]) {
      let hits: SearchHit[] = [];
      if (variant === 'rag') {
        hits = (
          await retrieve({ store, query: testCase.question, reader: { kind: 'groups', groups: [] }, k })
        ).hits;
      } else if (variant === 'oracle') {
        hits = (await store.getDocumentChunks(testCase.sources[0]!)).map((chunk, i) => ({
          chunk,
          score: 1,
          rank: i + 1,
        }));
      }
      remember(hits);
      const answer = await generateAnswer({ model, question: testCase.question, hits });
      const factsStated = testCase.facts.every((fact) => answer.text.includes(fact));
      const words = answer.displayText.split(/\s+/).filter(Boolean).length;
      const retrievedDocuments = [...new Set(hits.map((hit) => hit.chunk.documentId))];
      const checks: CheckResult[] = [
        {
          name: 'facts',
          kind: 'content',
          verdict: factsStated ? 'pass' : 'fail',
          reason: factsStated ? 'every fact is stated' : `missing: ${testCase.facts.join(', ')}`,
        },
        {
          name: 'max-words',
          kind: 'format',
          verdict: words <= 80 ? 'pass' : 'fail',
          reason: `${words} words (limit 80)`,
        },
        ...(hits.length > 0
          ? [
              {
                name: 'citations',
                kind: 'grounding' as const,
                verdict: answer.citations.length > 0 ? ('pass' as const) : ('fail' as const),
                reason: `${answer.citations.length} valid citation(s)`,
              },
              ...(variant === 'rag'
                ? [
                    {
                      name: `recall@${k}`,
                      kind: 'retrieval' as const,
                      verdict: retrievedDocuments.includes(testCase.sources[0]!)
                        ? ('pass' as const)
                        : ('fail' as const),
                      score: retrievedDocuments.includes(testCase.sources[0]!) ? 1 : 0,
                      reason: 'gold source retrieved?',
                    },
                  ]
                : []),
            ]
          : []),
      ];
      const verdicts = {
        content: 'skipped',
        format: 'skipped',
        grounding: 'skipped',
        retrieval: 'skipped',
      } as EvalRow['verdicts'];
      for (const check of checks) {
        if (check.verdict === 'fail') verdicts[check.kind] = 'fail';
        else if (verdicts[check.kind] === 'skipped') verdicts[check.kind] = 'pass';
      }
      rows.push({
        runId,
        caseId: testCase.id,
        variant,
        model: 'openai-compatible:gpt-4o-mini',
        question: testCase.question,
        answer: answer.text,
        checks,
        verdicts,
        passed: verdicts.content !== 'fail' && verdicts.format !== 'fail' && verdicts.grounding !== 'fail',
        retrievedIds: variant === 'rag' ? hits.map((hit) => hit.chunk.id) : [],
        contextIds: answer.passages.map((passage) => passage.chunk.id),
        citations: answer.citations.map((citation) => ({
          marker: citation.marker,
          chunkId: citation.chunkId,
          valid: true,
        })),
        usage: answer.usage,
        latencyMs:
          (variant === 'rag' ? 420 : variant === 'oracle' ? 510 : 300) +
          testCase.question.length * (k === 1 ? 2 : 3),
        costUsd: (answer.usage.promptTokens * 0.15 + answer.usage.completionTokens * 0.6) / 1e6,
        cached: false,
        extractive: false,
        startedAt: createdAt,
      });
    }
  }
  const config = configSchema.parse({ constraints: { queriesPerDay: 4000, knowledgeChanges: 'weekly' } });
  const diagnosis = buildDiagnosis({
    rows,
    constraints: config.constraints,
    prices: {
      asOf: '2026-11-01',
      currency: 'USD',
      models: { 'openai-compatible:gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 } },
    },
    index: { chunks: Object.keys(chunks).length * 10, embeddingTokens: 0, bytes: 300_000 },
    tuning: { trainingTokens: 2_000_000, epochs: 3, pricePerMillion: 3 },
  });
  const report: ReportData<Diagnosis> = {
    runId,
    project: 'quillstack-help',
    createdAt,
    models: Object.fromEntries(rows.map((row) => [row.variant, row.model])),
    skippedVariants: [{ variant: 'tuned', reason: 'no tuned model: set models.tuned in knowhow.yaml' }],
    notes: [`retrieve.k = ${k}`],
    cases,
    rows,
    chunks,
    diagnosis,
  };
  const runDirectory = path.join(directory, '.knowhow', 'runs', runId);
  await mkdir(runDirectory, { recursive: true });
  await writeFile(
    path.join(runDirectory, 'rows.jsonl'),
    rows.map((row) => `${JSON.stringify(row)}\n`).join(''),
  );
  await writeFile(path.join(runDirectory, 'report.json'), JSON.stringify(report));
  await writeFile(path.join(runDirectory, 'report.html'), await renderReport(report));
}

/** The report module renders the real HTML report; a placeholder stands in while it does not exist. */
async function renderReport(report: ReportData<Diagnosis>): Promise<string> {
  const modulePath = '../../src/report/index.js';
  try {
    const module = (await import(modulePath)) as {
      renderHtmlReport?: (data: ReportData<Diagnosis>) => string;
    };
    if (module.renderHtmlReport) return module.renderHtmlReport(report);
  } catch {
    // not written yet
  }
  return `<!doctype html><title>report</title><h1>Report for ${report.runId}</h1><p>placeholder</p>`;
}

function watch(page: Page) {
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  return { problems, requests };
}

async function readFeedback(): Promise<FeedbackEntry[]> {
  const text = await readFile(feedbackFile, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FeedbackEntry);
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
  const config = configSchema.parse({
    project: 'quillstack-help',
    chunk: { maxTokens: 300, overlapTokens: 30 },
  });
  const chunk = (document: Parameters<typeof chunkDocument>[0]) =>
    chunkDocument(document, { maxTokens: config.chunk.maxTokens, overlapTokens: config.chunk.overlapTokens });
  store = await LanceIndexStore.open({ directory: path.join(directory, '.knowhow', 'index') });
  await runIngest({
    paths: [path.join(helpdesk, 'docs')],
    cwd: helpdesk,
    config: config.ingest,
    store,
    chunk,
  });
  await writeRun('2026-11-20-k1', 1, '2026-11-20T09:12:00.000Z');
  await writeRun('2026-11-21-k5', 5, '2026-11-21T16:40:00.000Z');
  feedbackFile = path.join(directory, '.knowhow', 'feedback.jsonl');
  const app = createServeApp({
    store,
    models: { answer: createExtractiveLanguageModel() },
    config,
    dataDirectory: path.join(directory, '.knowhow'),
    runsDirectory: path.join(directory, '.knowhow', 'runs'),
    feedbackFile,
    keys: [ADMIN],
    chunk,
  });
  server = await startServer({ app, host: '127.0.0.1', port: 0 });
  browser = await launchChromium('the dashboard test');
  await mkdir(screenshots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close({ graceMs: 1000 });
  await store?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('dashboard in headless Chromium', () => {
  it('loads runs side by side, drills into a case, asks, and records feedback', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const { problems, requests } = watch(page);
    await page.goto(`${server.url}/`);

    // Keys are configured: the page asks for one before it loads anything.
    await page.fill('#key-input', ADMIN.key);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('[data-testid=run-item]');
    expect(await page.locator('[data-testid=run-item]').count()).toBe(2);

    await page.selectOption('#compare-select', '2026-11-20-k1');
    await page.click('[data-run="2026-11-21-k5"]');
    await page.waitForSelector('[data-testid=compare]');
    await expect.poll(() => page.locator('tr.case-row').count()).toBe(cases.length);
    // The run view is the HTML report's panels: the same charts, drawn in the page.
    expect(await page.locator('#chart-cost [data-cost-line] path').count()).toBeGreaterThan(1);
    expect(await page.locator('#chart-latency [data-latency-box]').count()).toBeGreaterThan(0);
    expect(await page.textContent('#attribution')).toContain('knowledge-gap');
    expect(await page.textContent('#recommendation')).toContain('Recommendation');
    expect(await page.textContent('[data-testid=compare]')).toContain('2026-11-20-k1');
    await page.screenshot({ path: path.join(screenshots, 'dashboard.png'), fullPage: true });
    // The cases table's filter works here as in the report.
    await page.fill('#case-filter', 'refund');
    expect(await page.locator('tr.case-row:visible').count()).toBe(1);
    await page.fill('#case-filter', '');

    await page.click('tr.case-row[data-case-id="refund-window"] td.question');
    const drawer = page.locator('[data-testid=case-detail]');
    await drawer.waitFor();
    const rag = drawer.locator('.variant-card[data-variant="rag"]');
    expect(await rag.textContent()).toContain('30 days');
    expect(await rag.locator('.chunks li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshots, 'dashboard-case.png') });
    await rag.locator('[data-testid=feedback-up]').click();
    await expect
      .poll(async () => rag.locator('[data-testid=feedback-status]').textContent())
      .toContain('Thanks');
    const [fromRun] = await readFeedback();
    expect(fromRun).toMatchObject({
      rating: 'up',
      runId: '2026-11-21-k5',
      caseId: 'refund-window',
      keyName: 'ops',
      question: 'How long do customers have to ask for a refund?',
    });
    await page.click('#drawer-close');

    await page.click('#open-report');
    const frame = page.locator('iframe.report-frame');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts');

    await page.click('[data-tab=ask]');
    await page.fill('#ask-question', 'How long do customers have to ask for a refund?');
    await page.click('#ask-submit');
    await page.waitForSelector('[data-testid=source]');
    expect(await page.textContent('#ask-answer')).toContain('30 days');
    // file:line, the form an editor opens (issue 11 item 11).
    expect(await page.textContent('#ask-sources')).toMatch(/billing\/refunds\.md:\d+/);
    await page.click('#ask-feedback [data-testid=feedback-correct]');
    await page.fill('#ask-feedback [data-testid=feedback-text]', '30 days from the purchase date.');
    await page.click('#ask-feedback [data-testid=feedback-submit]');
    await expect
      .poll(async () => page.textContent('#ask-feedback [data-testid=feedback-status]'))
      .toContain('correction');
    await page.screenshot({ path: path.join(screenshots, 'dashboard-ask.png') });
    const entries = await readFeedback();
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({
      rating: 'down',
      correctedAnswer: '30 days from the purchase date.',
      architecture: 'rag',
      keyName: 'ops',
    });
    expect(entries[1]?.citedChunkIds?.some((id) => id.startsWith('billing/refunds.md#'))).toBe(true);

    // long-context is offered beside rag and prompt, and the answer says how much it read.
    expect(
      await page
        .locator('#ask-model option')
        .evaluateAll((options) => options.map((o) => o.getAttribute('value'))),
    ).toEqual(['rag', 'prompt', 'long-context']);
    await page.selectOption('#ask-model', 'long-context');
    await page.click('#ask-submit');
    await expect.poll(async () => page.textContent('#ask-meta')).toMatch(/long-context .* documents whole/);
    expect(await page.textContent('#ask-answer')).toContain('30 days');

    await page.click('[data-tab=search]');
    await page.fill('#search-query', 'refunded annual plans');
    await page.click('#search-submit');
    await page.waitForSelector('[data-testid=search-hit]');
    const marked = await page.locator('#search-results mark').allTextContents();
    // Stemmed matches are marked too: the query's "refunded" lights up "refund" and "refunds".
    expect(marked.map((word) => word.toLowerCase())).toEqual(
      expect.arrayContaining([expect.stringMatching(/^refund/), expect.stringMatching(/^plan/)]),
    );
    expect(await page.textContent('#search-results')).not.toContain('internal/');
    expect(await page.textContent('#search-results')).toMatch(/\.md:\d+/);
    await page.screenshot({ path: path.join(screenshots, 'dashboard-search.png') });

    // A user's feedback waits for a review; the admin approves it here, as `knowhow feedback review` would.
    const waiting: FeedbackEntry = {
      id: 'fb-from-a-user',
      createdAt: '2026-11-22T10:00:00.000Z',
      rating: 'down',
      question: 'Can I get a refund after 45 days?',
      answer: 'Yes, any time.',
      correctedAnswer: 'No: refunds are possible within 30 days of purchase.',
      keyName: 'widget',
      groups: [],
      review: { status: 'unreviewed' },
    };
    await writeFile(feedbackFile, `${JSON.stringify(waiting)}\n`, { flag: 'a' });
    await page.click('[data-tab=feedback]');
    const item = page.locator('[data-testid=review-item][data-feedback-id="fb-from-a-user"]');
    await item.waitFor();
    // The admin's own two ratings were approved when sent: only the user's waits.
    expect(await page.locator('[data-testid=review-item]').count()).toBe(1);
    expect(await item.textContent()).toContain('within 30 days');
    await item.locator('[data-testid=review-approve]').click();
    await expect.poll(async () => item.locator('[data-testid=review-status]').textContent()).toBe('approved');
    await page.screenshot({ path: path.join(screenshots, 'dashboard-review.png') });
    const reviews = await readFile(path.join(directory, '.knowhow', 'feedback-reviews.jsonl'), 'utf8');
    expect(reviews).toContain('"fb-from-a-user"');
    expect(reviews).toContain('"approved"');
    await page.selectOption('#review-status', 'all');
    await expect.poll(() => page.locator('[data-testid=review-item]').count()).toBe(3);

    expect(problems).toEqual([]);
    expect(
      requests.every(
        (url) => url.startsWith(server.url) || url.startsWith('about:') || url.startsWith('data:'),
      ),
    ).toBe(true);
    await page.close();
  }, 60_000);
});

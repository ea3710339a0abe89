/**
 * A realistic report for tests: 12 cases × 6 variants of eval rows whose verdicts cover the
 * attribution labels (all but `unresolved`), run through the real `buildDiagnosis`. Rows carry checks with reasons,
 * retrieved chunks, citations (one invalid), cached and errored rows, and hostile text (markup in
 * a question, a script-breaking answer, a chunk holding a script tag) so the escaping is exercised.
 */
import { constraintsSchema, pricesSchema, variantNames } from '../../core/config/schema.js';
import type { CheckResult, EvalRow, VariantName } from '../../core/eval-types.js';
import type { ReportChunk, ReportData } from '../../core/report-types.js';
import { buildDiagnosis, type Diagnosis } from '../../decide/index.js';

export const HOSTILE_ANSWER = '</script><img src=x onerror=alert(1)>';
export const HOSTILE_QUESTION_CASE = 'gdpr-deletion';

type Verdict = 'pass' | 'fail';

interface RowPlan {
  content: Verdict;
  format: Verdict;
  grounding?: Verdict;
  retrieval?: Verdict;
  error?: boolean;
  cached?: boolean;
  answer?: string;
  invalidCitation?: boolean;
}

interface CasePlan {
  id: string;
  question: string;
  answer: string;
  fact: string;
  tags: string[];
  rows: Record<SampleVariant, RowPlan>;
}

const ok: RowPlan = { content: 'pass', format: 'pass' };
const noFacts: RowPlan = { content: 'fail', format: 'pass' };
const rambles: RowPlan = { content: 'pass', format: 'fail' };
const neither: RowPlan = { content: 'fail', format: 'fail' };
const ragOk: RowPlan = { content: 'pass', format: 'pass', grounding: 'pass', retrieval: 'pass' };
const failed: RowPlan = { content: 'fail', format: 'pass', error: true };

const plans: CasePlan[] = [
  {
    id: 'refund-window',
    question: 'How long do customers have to ask for a refund?',
    answer: '30 days from the purchase date.',
    fact: '30 days',
    tags: ['billing'],
    rows: { prompt: { ...ok, cached: true }, 'few-shot': ok, rag: ragOk, oracle: ok, tuned: ok, hybrid: ragOk },
  },
  {
    id: 'shipping-countries',
    question: 'Which countries do we ship to?',
    answer: 'The EU, the UK, Norway and Switzerland.',
    fact: 'Norway',
    tags: ['shipping'],
    rows: {
      prompt: { ...ok, cached: true },
      'few-shot': ok,
      rag: { ...ragOk, grounding: 'fail', invalidCitation: true },
      oracle: ok,
      tuned: ok,
      hybrid: ragOk,
    },
  },
  {
    id: 'api-rate-limit',
    question: 'What is the API rate limit on the Team plan?',
    answer: '600 requests per minute per workspace.',
    fact: '600 requests per minute',
    tags: ['api', 'plans'],
    rows: { prompt: rambles, 'few-shot': ok, rag: ragOk, oracle: ok, tuned: ok, hybrid: ragOk },
  },
  {
    id: 'invoice-currency',
    question: 'Can invoices be issued in CHF?',
    answer: 'Yes: EUR, USD, GBP and CHF.',
    fact: 'CHF',
    tags: ['billing'],
    rows: { prompt: rambles, 'few-shot': ok, rag: ragOk, oracle: ok, tuned: rambles, hybrid: ragOk },
  },
  {
    id: 'sso-setup',
    question: 'Which identity providers does SSO support?',
    answer: 'Okta, Azure AD and any SAML 2.0 provider.',
    fact: 'SAML 2.0',
    tags: ['security', 'sso'],
    rows: { prompt: noFacts, 'few-shot': noFacts, rag: ragOk, oracle: ok, tuned: noFacts, hybrid: ragOk },
  },
  {
    id: 'data-retention',
    question: 'How long are deleted projects kept before purge?',
    answer: '14 days in the trash, then purged within 30 days.',
    fact: '14 days',
    tags: ['security'],
    rows: { prompt: noFacts, 'few-shot': noFacts, rag: ragOk, oracle: ok, tuned: noFacts, hybrid: ragOk },
  },
  {
    id: 'plan-limits',
    question: 'How many seats does the Starter plan include?',
    answer: 'Five seats; more can be added at 8 EUR each.',
    fact: 'Five seats',
    tags: ['plans'],
    rows: {
      prompt: neither,
      'few-shot': neither,
      rag: { ...ragOk, format: 'fail' },
      oracle: rambles,
      tuned: noFacts,
      hybrid: ragOk,
    },
  },
  {
    id: 'export-formats',
    question: 'Which formats can reports be exported to?',
    answer: 'CSV, XLSX and PDF.',
    fact: 'XLSX',
    tags: ['reports'],
    rows: {
      prompt: noFacts,
      'few-shot': noFacts,
      rag: { ...ragOk, content: 'fail', retrieval: 'fail' },
      oracle: ok,
      tuned: noFacts,
      hybrid: { ...ragOk, content: 'fail', retrieval: 'fail' },
    },
  },
  {
    id: 'tone-escalation',
    question: 'A customer threatens to cancel: what do we offer first?',
    answer: 'Apologise, then offer one month free before any discount.',
    fact: 'one month free',
    tags: ['support', 'tone'],
    rows: {
      prompt: rambles,
      'few-shot': rambles,
      rag: { ...ragOk, format: 'fail' },
      oracle: rambles,
      tuned: ok,
      hybrid: ragOk,
    },
  },
  {
    id: HOSTILE_QUESTION_CASE,
    question: 'Under <b>GDPR</b> & "Art. 17", how fast must we delete an account?',
    answer: 'Within one month of the request.',
    fact: 'one month',
    tags: ['security', 'legal'],
    rows: {
      prompt: noFacts,
      'few-shot': noFacts,
      rag: { ...ragOk, content: 'fail', answer: HOSTILE_ANSWER },
      oracle: noFacts,
      tuned: noFacts,
      hybrid: { ...ragOk, content: 'fail' },
    },
  },
  {
    id: 'webhook-retries',
    question: 'How often are failed webhooks retried?',
    answer: 'Eight times with exponential back-off over 24 hours.',
    fact: 'Eight times',
    tags: ['api'],
    rows: { prompt: failed, 'few-shot': failed, rag: failed, oracle: failed, tuned: ok, hybrid: ragOk },
  },
  {
    id: 'audit-log',
    question: 'Where do admins find the audit log? Cite the docs.',
    answer: 'Settings › Security › Audit log [1].',
    fact: 'Audit log',
    tags: ['security'],
    rows: {
      prompt: { content: 'pass', format: 'pass', grounding: 'fail' },
      'few-shot': { content: 'pass', format: 'pass', grounding: 'fail' },
      rag: ragOk,
      oracle: { ...ok, grounding: 'pass' },
      tuned: { content: 'pass', format: 'pass', grounding: 'fail' },
      hybrid: ragOk,
    },
  },
];

/** The sample report predates the long-context variant (issue 15); it plans rows for the others. */
type SampleVariant = Exclude<VariantName, 'long-context'>;
const variants: readonly SampleVariant[] = variantNames.filter(
  (variant): variant is SampleVariant => variant !== 'long-context',
);
const baseModel = 'openai-compatible:gpt-4o-mini';
const tunedModel = 'openai-compatible:ft:gpt-4o-mini:acme::kh42';
const baseLatency: Record<SampleVariant, number> = {
  prompt: 620,
  'few-shot': 700,
  rag: 980,
  oracle: 910,
  tuned: 430,
  hybrid: 860,
};

/** A fixed pseudo-random sequence (LCG) so every test builds the same rows. */
function createSequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function goldDocument(plan: CasePlan): string {
  return `help/${plan.id}.md`;
}

function buildChunks(): Record<string, ReportChunk> {
  const chunks: Record<string, ReportChunk> = {};
  for (const plan of plans) {
    const documentId = goldDocument(plan);
    const title = plan.id
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(' ');
    const first = `${plan.answer} This applies to every plan unless the contract says otherwise; the fact to remember is: ${plan.fact}.`;
    const second = `Related questions about ${title.toLowerCase()} are answered by support within one working day. See also the admin guide.`;
    chunks[`${documentId}#0`] = {
      id: `${documentId}#0`,
      documentId,
      title,
      headingPath: [title, 'Overview'],
      start: 0,
      end: first.length,
      text: first,
    };
    chunks[`${documentId}#1`] = {
      id: `${documentId}#1`,
      documentId,
      title,
      headingPath: [title, 'Details'],
      start: first.length + 2,
      end: first.length + 2 + second.length,
      text: second,
    };
  }
  const noise = [
    ['blog/release-notes.md#3', 'Release notes', ['2026', 'November'], 'We shipped dark mode and faster search.'],
    ['blog/company.md#0', 'About us', [], 'Founded in 2019; 40 people in Lisbon and Berlin.'],
    [
      'notes/untrusted.md#0',
      'Pasted <script>alert("chunk")</script> note',
      ['Imported'],
      'Text copied from an email: <script>alert("chunk")</script> and <img src=x onerror=alert(2)> kept verbatim.',
    ],
  ] as const;
  for (const [id, title, headingPath, text] of noise) {
    chunks[id] = {
      id,
      documentId: id.split('#')[0]!,
      title,
      headingPath: [...headingPath],
      start: 0,
      end: text.length,
      text,
    };
  }
  return chunks;
}

function buildRow(plan: CasePlan, variant: SampleVariant, next: () => number): EvalRow {
  const rowPlan = plan.rows[variant];
  const withContext = variant === 'rag' || variant === 'hybrid';
  const gold = goldDocument(plan);
  const retrievedIds = withContext
    ? rowPlan.retrieval === 'fail'
      ? ['blog/release-notes.md#3', 'notes/untrusted.md#0', 'blog/company.md#0']
      : [`${gold}#0`, 'notes/untrusted.md#0', `${gold}#1`, 'blog/company.md#0']
    : [];
  const contextIds = withContext ? retrievedIds.slice(0, 3) : variant === 'oracle' ? [`${gold}#0`, `${gold}#1`] : [];
  const model = variant === 'tuned' || variant === 'hybrid' ? tunedModel : baseModel;
  const latencyMs = rowPlan.cached ? 2 : Math.round(baseLatency[variant] * (0.65 + 0.7 * next()));
  const startedAt = '2026-11-22T09:30:00.000Z';
  if (rowPlan.error) {
    return {
      runId: 'run-2026-11-22',
      caseId: plan.id,
      variant,
      model,
      question: plan.question,
      answer: '',
      error: { code: 'PROVIDER_TIMEOUT', message: `${model} did not answer within 30 s` },
      checks: [],
      verdicts: { content: 'skipped', format: 'skipped', grounding: 'skipped', retrieval: 'skipped' },
      passed: false,
      retrievedIds,
      contextIds,
      citations: [],
      usage: { promptTokens: 0, completionTokens: 0 },
      latencyMs,
      costUsd: 0,
      cached: false,
      extractive: false,
      startedAt,
    };
  }
  const marker = withContext || variant === 'oracle' ? ' [1]' : '';
  const answer =
    rowPlan.answer ??
    (rowPlan.content === 'pass'
      ? rowPlan.format === 'pass'
        ? `${plan.answer}${marker}`
        : `Well, good question! Let me walk you through it in some detail, because there are several things to keep in mind here.\n\nIn short: ${plan.answer}\n\nI hope this helps, and do not hesitate to reach out again if anything is unclear.${marker}`
      : rowPlan.format === 'pass'
        ? `I could not find this in what I know; usually it is described in the admin settings.${marker}`
        : `Hmm, I am honestly not sure about this one. It might depend on your plan, your region and possibly on the contract, so I would suggest asking your account manager, who can check all the details for you.${marker}`);
  const words = answer.split(/\s+/).filter(Boolean).length;
  const checks: CheckResult[] = [
    {
      name: 'facts',
      kind: 'content',
      verdict: rowPlan.content,
      score: rowPlan.content === 'pass' ? 1 : 0,
      reason: rowPlan.content === 'pass' ? `states "${plan.fact}"` : `missing "${plan.fact}"`,
    },
    {
      name: 'token-f1',
      kind: 'content',
      verdict: rowPlan.content,
      score: rowPlan.content === 'pass' ? 0.62 + 0.3 * next() : 0.05 + 0.2 * next(),
      reason: rowPlan.content === 'pass' ? 'overlaps the reference answer' : 'little overlap with the reference',
    },
    {
      name: 'max-words',
      kind: 'format',
      verdict: rowPlan.format,
      score: words,
      reason: rowPlan.format === 'pass' ? `${words} words ≤ 40` : `${Math.max(words, 41)} words > 40`,
    },
  ];
  if (rowPlan.grounding) {
    checks.push({
      name: 'citations',
      kind: 'grounding',
      verdict: rowPlan.grounding,
      reason:
        rowPlan.grounding === 'pass'
          ? '[1] resolves to a passage given and supports the sentence'
          : marker
            ? '[5] does not resolve to any passage given'
            : 'citations required, none given',
    });
  }
  if (rowPlan.retrieval) {
    checks.push({
      name: 'recall@6',
      kind: 'retrieval',
      verdict: rowPlan.retrieval,
      score: rowPlan.retrieval === 'pass' ? 1 : 0,
      reason: rowPlan.retrieval === 'pass' ? `retrieved ${gold}` : `${gold} not in the top 6`,
    });
  }
  const verdictOf = (kind: CheckResult['kind']) => {
    const ofKind = checks.filter((check) => check.kind === kind);
    if (ofKind.some((check) => check.verdict === 'fail')) return 'fail' as const;
    if (ofKind.some((check) => check.verdict === 'pass')) return 'pass' as const;
    return 'skipped' as const;
  };
  const citations: EvalRow['citations'] = [];
  if (marker && contextIds[0]) citations.push({ marker: 1, chunkId: contextIds[0], valid: true });
  if (rowPlan.invalidCitation) citations.push({ marker: 5, chunkId: '', valid: false });
  const promptTokens =
    180 + (variant === 'few-shot' ? 420 : 0) + contextIds.length * 150 + Math.round(40 * next());
  const completionTokens = Math.round(words * 1.3) + 4;
  const tuned = model === tunedModel;
  const costUsd = (promptTokens * (tuned ? 0.3 : 0.15) + completionTokens * (tuned ? 1.2 : 0.6)) / 1e6;
  return {
    runId: 'run-2026-11-22',
    caseId: plan.id,
    variant,
    model,
    question: plan.question,
    answer,
    checks,
    verdicts: {
      content: verdictOf('content'),
      format: verdictOf('format'),
      grounding: verdictOf('grounding'),
      retrieval: verdictOf('retrieval'),
    },
    passed: checks.filter((check) => check.kind !== 'retrieval').every((check) => check.verdict === 'pass'),
    retrievedIds,
    contextIds,
    citations,
    usage: { promptTokens, completionTokens },
    latencyMs,
    costUsd,
    cached: rowPlan.cached === true,
    extractive: false,
    startedAt,
  };
}

export interface SampleReportOptions {
  /** Variants that ran (default all six); the others are reported as skipped. */
  variants?: readonly VariantName[];
  queriesPerDay?: number;
}

export function buildSampleReport(options: SampleReportOptions = {}): ReportData<Diagnosis> {
  const ran = options.variants ?? variants;
  const next = createSequence(42);
  const rows = plans.flatMap((plan) =>
    variants.filter((variant) => ran.includes(variant)).map((variant) => buildRow(plan, variant, next)),
  );
  const diagnosis = buildDiagnosis({
    rows,
    constraints: constraintsSchema.parse({ queriesPerDay: options.queriesPerDay ?? 2000, knowledgeChanges: 'monthly' }),
    prices: pricesSchema.parse({}),
    index: {
      chunks: 1240,
      embeddingTokens: 620_000,
      bytes: 48_000_000,
      embeddingModel: 'openai-compatible:text-embedding-3-small',
    },
    tuning: { trainingTokens: 1_800_000, epochs: 3, baseModel },
  });
  return {
    runId: 'run-2026-11-22',
    project: 'acme-support',
    createdAt: '2026-11-22T09:30:00.000Z',
    models: Object.fromEntries(
      ran.map((variant) => [variant, variant === 'tuned' || variant === 'hybrid' ? tunedModel : baseModel]),
    ),
    skippedVariants: variants
      .filter((variant) => !ran.includes(variant))
      .map((variant) => ({ variant, reason: 'no tuned model registered (run `knowhow tune launch`)' })),
    notes: ['No judge model configured: judge-correctness and style checks were skipped.'],
    cases: plans.map((plan) => ({
      id: plan.id,
      question: plan.question,
      answer: plan.answer,
      facts: [plan.fact],
      sources: [goldDocument(plan)],
      format: { maxWords: 40, ...(plan.id === 'audit-log' ? { cite: 'required' as const } : {}) },
      tags: plan.tags,
      user: { groups: plan.tags.includes('security') ? ['admins'] : ['public'] },
    })),
    rows,
    chunks: buildChunks(),
    diagnosis,
  };
}

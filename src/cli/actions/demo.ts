import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnowhowError } from '../../core/errors.js';
import { formatSourceLocation } from '../../core/source-location.js';
import {
  architectureLabels,
  type GapLabel,
  gapLabelMeanings,
  REAL_MODEL_ADDS,
  recommend,
} from '../../decide/index.js';
import { draftCases, draftsFolder, readIndexedDocuments, writeDrafts } from '../../eval/drafts/index.js';
import { loadCases } from '../../eval/index.js';
import {
  answerModelFromEnvironment,
  createEvalModels,
  evaluateAndReport,
  loadSuite,
  openWorkspace,
} from '../../workspace/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { pathExists } from '../path-exists.js';
import { formatVariantTable } from './eval.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const bundledExample = path.join(packageRoot, 'examples', 'helpdesk');

/** "a.md (2 passages), b.md" — the documents behind a result list, in rank order. */
function documentsOf(hits: { chunk: { documentId: string } }[]): string {
  const counts = new Map<string, number>();
  for (const hit of hits) counts.set(hit.chunk.documentId, (counts.get(hit.chunk.documentId) ?? 0) + 1);
  if (counts.size === 0) return 'nothing';
  return [...counts].map(([id, count]) => (count > 1 ? `${id} (${count} passages)` : id)).join(', ');
}

/** With the extractive answerer the labels describe what retrieval delivers, not the team's model. */
const extractiveMeaning: Partial<Record<GapLabel, string>> = {
  'knowledge-gap': 'retrieval delivers a quotable answer (whether your model lacks it is not measured)',
  'retrieval-gap': 'the gold documents answer it but retrieval missed them: fix chunking/retrieval',
};

export async function runDemo(context: CommandContext, options: { dir: string }): Promise<CommandResult> {
  // A bad KNOWHOW_ANSWER_* setting is reported before anything is copied or indexed.
  const environmentModel = answerModelFromEnvironment();
  const target = path.resolve(context.cwd, options.dir);
  const fresh = !(await pathExists(path.join(target, 'knowhow.yaml')));
  if (fresh) {
    await cp(bundledExample, target, {
      recursive: true,
      filter: (source) => !source.split(path.sep).includes('.knowhow'),
    });
  }
  context.info(`${fresh ? 'copied' : 'reusing'} the example help centre in ${target}`);
  const workspace = await openWorkspace({
    cwd: target,
    ...(environmentModel ? { overrides: { models: { answer: environmentModel } } } : {}),
  });
  try {
    await workspace.writableStore().catch(async (error: unknown) => {
      // The demo's index is built only from the bundled example: an index left by an older
      // knowhow is rebuilt rather than shown to a first-time user as an error.
      if (!KnowhowError.isInstance(error) || error.code !== 'INDEX_INCOMPATIBLE') throw error;
      context.info(`rebuilding the demo index (${error.message})`);
      await workspace.destroyIndex();
    });
    // 1. Ingest.
    const ingest = await workspace.ingest({
      prune: true,
      progress: context.progress({ label: 'ingest', unit: 'docs' }),
    });
    const store = await workspace.store();
    const stats = await store.stats();

    // 1b. Draft test cases from the documents (extractive: no model, labelled as such). Drafts
    // are written once, into the demo's copy only, and are not evaluated until accepted.
    const drafting = await draftCases({
      documents: await readIndexedDocuments(store),
      count: 10,
      existing: (await loadCases({ directory: workspace.config.eval.cases, root: workspace.root })).cases,
    });
    const draftsDirectory = draftsFolder(path.resolve(workspace.root, workspace.config.eval.cases));
    const draftsFile =
      fresh && drafting.drafts.length > 0
        ? await writeDrafts({ folder: draftsDirectory, drafts: drafting.drafts })
        : null;
    const firstDraft = drafting.drafts[0];

    // 2. Access control, shown: the same query as a customer and as a support agent.
    const accessQuery = 'refund exceptions approval limit';
    const asPublic = await workspace.search(accessQuery, { groups: [], k: 3 });
    const asSupport = await workspace.search(accessQuery, { groups: ['support'], k: 3 });

    // 3. One answer with citations.
    const models = await createEvalModels(workspace);
    const question = 'How long do customers have to ask for a refund?';
    const answer = await workspace.ask(question, { groups: [] });

    // 4. Eval every variant that can run, then diagnose.
    const suite = await loadSuite(workspace, store);
    for (const warning of suite.warnings) context.info(`warning: ${warning}`);
    const { result, report, files } = await evaluateAndReport({
      workspace,
      store,
      suite,
      models,
      progress: context.progress({ label: 'eval', unit: 'rows' }),
    });
    const diagnosis = report.diagnosis;

    // 5. Advise: the same matrix from the team's stated constraints alone, for contrast.
    const advised = recommend({ constraints: workspace.config.constraints, failureMode: 'unknown' });

    const extractive = models.base.capabilities.extractive;
    const relative = (file: string) => path.relative(context.cwd, file) || file;
    const counts = Object.entries(diagnosis.attributionSummary.counts)
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1]);
    const lines = [
      'knowhow demo — Quillstack help centre (a fictional SaaS), end to end',
      '',
      extractive
        ? `Model: none configured, so every variant uses the extractive answerer (it quotes sentences from the sources and knows nothing itself). Set KNOWHOW_ANSWER_MODEL (and KNOWHOW_ANSWER_BASE_URL / KNOWHOW_ANSWER_API_KEY_ENV) to diagnose a real model.`
        : `Model: ${models.base.provider}:${models.base.modelId}`,
      '',
      `1. Ingested ${ingest.added + ingest.updated + ingest.unchanged} documents (${ingest.added} new, ${ingest.unchanged} unchanged) → ${stats.chunks} chunks in LanceDB, BM25 index, ${ingest.seconds.toFixed(1)}s.`,
      `   Drafted ${drafting.drafts.length} test cases from ${drafting.passages} passages (extractive drafter, status: draft${draftsFile ? ` → ${relative(draftsFile)}` : ''}); accept them with \`knowhow cases review\`.`,
      ...(firstDraft
        ? [`     e.g. Q: ${firstDraft.question}  fact: "${firstDraft.facts.join('", "')}"`]
        : []),
      `2. Access control inside the query — "${accessQuery}":`,
      `     as a customer: ${documentsOf(asPublic.hits)}`,
      `     as support:    ${documentsOf(asSupport.hits)}`,
      `3. Ask: "${question}"`,
      ...answer.displayText.split('\n').map((line) => `     ${line}`),
      ...answer.citations.map(
        (citation) =>
          `     [${citation.marker}] ${citation.title} — ${formatSourceLocation(citation.documentId, citation)}`,
      ),
      `4. Eval: ${suite.cases.filter((testCase) => testCase.split === 'eval').length} cases × ${new Set(result.rows.map((row) => row.variant)).size} variants = ${result.rows.length} rows in ${result.seconds.toFixed(1)}s`,
      ...formatVariantTable(diagnosis.variants)
        .split('\n')
        .map((line) => `     ${line}`),
      ...result.skippedVariants.map((skipped) => `     skipped ${skipped.variant}: ${skipped.reason}`),
      extractive
        ? '5. Failure attribution per case (extractive answerer: it quotes, so it measures retrieval, not your model):'
        : '5. Failure attribution per case:',
      ...counts.map(
        ([label, count]) =>
          `     ${String(count).padStart(3)} ${label.padEnd(16)} ${
            (extractive ? extractiveMeaning[label as GapLabel] : undefined) ??
            gapLabelMeanings[label as GapLabel] ??
            ''
          }`,
      ),
      extractive
        ? `6. Diagnosis: ${architectureLabels[diagnosis.recommendation.architecture]} — from retrieval metrics and your constraints (your model's own gaps are not measured)`
        : `6. Diagnosis: ${architectureLabels[diagnosis.recommendation.architecture]} — measured on the cases`,
      ...diagnosis.recommendation.reasons
        .slice(0, 4)
        .map((reason) => `     • ${reason.statement}${reason.number ? ` [${reason.number}]` : ''}`),
      ...(diagnosis.recommendation.longContext
        ? [
            `     Context budget: ${diagnosis.recommendation.longContext.budgetLine}.`,
            `     ${diagnosis.recommendation.longContext.statement}`,
          ]
        : []),
      ...(extractive ? [`   A real model run (set KNOWHOW_ANSWER_MODEL) would add ${REAL_MODEL_ADDS}.`] : []),
      `   Advise (from the constraints alone, no cases): ${architectureLabels[advised.architecture]}`,
      '',
      `Report: ${relative(files.html)}  (open it in a browser: charts and per-case drill-down)`,
      `Try:    cd ${relative(target)} && knowhow ask "Which plans include SAML single sign-on?" && knowhow search "webhook retries" --as support`,
    ];
    return {
      data: {
        directory: target,
        extractive,
        ingest: { ...ingest, failures: ingest.failures },
        index: stats,
        drafts: { drafter: drafting.drafter, drafted: drafting.drafts.length, file: draftsFile },
        access: {
          query: accessQuery,
          public: asPublic.hits.map((hit) => hit.chunk.id),
          support: asSupport.hits.map((hit) => hit.chunk.id),
        },
        ask: { question, answer: answer.displayText, citations: answer.citations },
        runId: result.runId,
        variants: diagnosis.variants,
        skippedVariants: result.skippedVariants,
        attribution: diagnosis.attributionSummary,
        recommendation: diagnosis.recommendation,
        advise: advised,
        report: files,
      },
      text: lines.join('\n'),
    };
  } finally {
    await workspace.close();
  }
}

import path from 'node:path';
import type { CaseStatus } from '../../core/case-types.js';
import { KnowhowError } from '../../core/errors.js';
import { FEEDBACK_FILE } from '../../core/feedback-types.js';
import {
  draftCases,
  draftsFolder,
  draftsFromFeedback,
  readDrafts,
  readIndexedDocuments,
  type StoredDraft,
  setDraftStatus,
  writeDrafts,
} from '../../eval/drafts/index.js';
import { loadCases } from '../../eval/index.js';
import type { LanguageModel } from '../../providers/spec.js';
import { readReviewedFeedback } from '../../tune/index.js';
import type { Workspace } from '../../workspace/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { parseChoice } from '../parse-options.js';
import { withWorkspace } from './with-workspace.js';

export interface CasesDraftOptions {
  n: number;
  tags?: string[];
  drafter: string;
}

export interface CasesReviewOptions {
  accept?: string[];
  reject?: string[];
  all: boolean;
}

export interface CasesFromFeedbackOptions {
  feedback?: string;
  tags?: string[];
}

const drafterKinds = ['auto', 'model', 'extractive'] as const;

/** The model that drafts: the judge when configured, else a generative answer model; none means extractive. */
async function pickDrafter(workspace: Workspace, kind: string): Promise<LanguageModel | undefined> {
  if (parseChoice(kind, '--drafter', drafterKinds) === 'extractive') return undefined;
  const judge = await workspace.judgeModel();
  const model = judge ?? (await workspace.answerModel());
  if (!model.capabilities.extractive) return model;
  if (kind === 'model') {
    throw new KnowhowError('USAGE', 'No generative model is configured to draft cases with.', {
      hint: 'Set models.judge or models.answer in knowhow.yaml, or use --drafter extractive.',
    });
  }
  return undefined;
}

async function existingQuestions(workspace: Workspace): Promise<{ id: string; question: string }[]> {
  const loaded = await loadCases({ directory: workspace.config.eval.cases, root: workspace.root });
  const folder = draftsFolder(path.resolve(workspace.root, workspace.config.eval.cases));
  const drafts = await readDrafts(folder);
  return [...loaded.cases, ...drafts.filter((draft) => draft.status !== 'rejected')];
}

function describeDraft(draft: StoredDraft): string {
  return [
    `${draft.status.padEnd(8)} ${draft.id}  [${draft.drafter ?? 'hand-written'}]`,
    `  Q: ${draft.question}`,
    `  A: ${draft.answer ?? '(to be written by the reviewer)'}`,
    `  facts: ${draft.facts.length === 0 ? '(none)' : draft.facts.map((fact) => `"${fact}"`).join(', ')}  sources: ${draft.sources.join(', ') || '(none)'}`,
  ].join('\n');
}

export function runCasesDraft(context: CommandContext, options: CasesDraftOptions): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const model = await pickDrafter(workspace, options.drafter);
    const documents = await readIndexedDocuments(await workspace.store());
    if (documents.size === 0) {
      throw new KnowhowError('INDEX_MISSING', 'The index holds no documents to draft cases from.', {
        hint: 'Run `knowhow ingest` first.',
      });
    }
    const progress = context.progress({ label: 'draft', unit: 'passages' });
    const result = await draftCases({
      documents,
      count: options.n,
      ...(model ? { model } : {}),
      existing: await existingQuestions(workspace),
      ...(options.tags ? { tags: options.tags } : {}),
      progress,
    });
    progress.done(`${result.drafts.length} drafted`);
    const folder = draftsFolder(path.resolve(workspace.root, workspace.config.eval.cases));
    const file = result.drafts.length > 0 ? await writeDrafts({ folder, drafts: result.drafts }) : null;
    const shownFile = file ? path.relative(context.cwd, file) || file : null;
    const rejectedBy = new Map<string, number>();
    for (const entry of result.rejected) {
      if (entry.reason !== 'no-draft') rejectedBy.set(entry.reason, (rejectedBy.get(entry.reason) ?? 0) + 1);
    }
    const noDraft = result.rejected.length - [...rejectedBy.values()].reduce((sum, count) => sum + count, 0);
    return {
      data: {
        drafter: result.drafter,
        file: shownFile,
        drafted: result.drafts,
        rejected: result.rejected,
        passages: result.passages,
      },
      text: [
        `Drafted ${result.drafts.length} case${result.drafts.length === 1 ? '' : 's'} from ${result.passages} passages of ${documents.size} documents with the ${result.drafter} drafter${shownFile ? ` into ${shownFile}` : ''}.`,
        ...(result.drafter === 'extractive'
          ? [
              'Extractive drafts (no model used): simple questions about a heading, the sentence as answer, a figure or bold term as the fact. Reword the questions as users would ask them.',
            ]
          : []),
        `Rejected ${result.rejected.length - noDraft} draft${result.rejected.length - noDraft === 1 ? '' : 's'}${rejectedBy.size > 0 ? ` (${[...rejectedBy].map(([reason, count]) => `${count} ${reason}`).join(', ')})` : ''}; ${noDraft} passage${noDraft === 1 ? '' : 's'} gave no draft (${result.drafter === 'extractive' ? 'no figure or bold term to ask about' : 'failed or unusable replies'}).`,
        'Drafts are not evaluated until accepted: `knowhow cases review`.',
      ].join('\n'),
    };
  });
}

export function runCasesReview(context: CommandContext, options: CasesReviewOptions): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const folder = draftsFolder(path.resolve(workspace.root, workspace.config.eval.cases));
    const decisions: { id: string; status: CaseStatus }[] = [
      ...(options.accept ?? []).map((id) => ({ id, status: 'accepted' as const })),
      ...(options.reject ?? []).map((id) => ({ id, status: 'rejected' as const })),
    ];
    if (decisions.length > 0) {
      const reviewed = await setDraftStatus({ folder, decisions });
      const counts = countByStatus(await readDrafts(folder));
      return {
        data: { reviewed: reviewed.map((draft) => ({ id: draft.id, status: draft.status })), counts },
        text: [...reviewed.map((draft) => `${draft.status} ${draft.id}`), summaryLine(counts)].join('\n'),
      };
    }
    const drafts = await readDrafts(folder);
    const counts = countByStatus(drafts);
    const shown = options.all ? drafts : drafts.filter((draft) => draft.status === 'draft');
    return {
      data: {
        counts,
        drafts: shown.map(({ file, ...draft }) => ({ ...draft, file: path.relative(context.cwd, file) })),
      },
      text:
        drafts.length === 0
          ? `No drafted cases in ${path.relative(context.cwd, folder) || folder}. Draft some with \`knowhow cases draft\`.`
          : [
              ...shown.map(describeDraft),
              '',
              summaryLine(counts),
              'Decide with --accept <id,…> / --reject <id,…>; edit a draft in its file before accepting it.',
            ].join('\n'),
    };
  });
}

function countByStatus(drafts: readonly { status: CaseStatus }[]): Record<CaseStatus, number> {
  const counts: Record<CaseStatus, number> = { draft: 0, accepted: 0, rejected: 0 };
  for (const draft of drafts) counts[draft.status] += 1;
  return counts;
}

function summaryLine(counts: Record<CaseStatus, number>): string {
  const drafted = counts.draft + counts.accepted + counts.rejected;
  return `${drafted} drafted: ${counts.accepted} accepted (evaluated), ${counts.rejected} rejected, ${counts.draft} awaiting review.`;
}

export function runCasesFromFeedback(
  context: CommandContext,
  options: CasesFromFeedbackOptions,
): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const feedbackFile = options.feedback
      ? path.resolve(context.cwd, options.feedback)
      : path.join(workspace.dataDir, FEEDBACK_FILE);
    const log = await readReviewedFeedback(feedbackFile);
    for (const problem of log.problems)
      context.info(`skipped: ${feedbackFile}:${problem.line}: ${problem.message}`);
    const result = draftsFromFeedback({
      entries: log.entries,
      existing: await existingQuestions(workspace),
      ...(options.tags ? { tags: options.tags } : {}),
    });
    const folder = draftsFolder(path.resolve(workspace.root, workspace.config.eval.cases));
    const file = result.drafts.length > 0 ? await writeDrafts({ folder, drafts: result.drafts }) : null;
    const shownFile = file ? path.relative(context.cwd, file) || file : null;
    return {
      data: { file: shownFile, drafted: result.drafts, skipped: result.skipped },
      text: [
        `Drafted ${result.drafts.length} case${result.drafts.length === 1 ? '' : 's'} from feedback rated down or corrected${shownFile ? ` into ${shownFile}` : ''}; ${result.skipped.length} skipped as already covered.`,
        ...(result.drafts.length > 0
          ? ['Review them with `knowhow cases review` (write the reference answer where none was corrected).']
          : []),
      ].join('\n'),
    };
  });
}

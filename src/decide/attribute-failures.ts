import { variantNames } from '../core/config/variant-names.js';
import { KnowhowError } from '../core/errors.js';
import type { CheckKind, CheckResult, EvalRow, VariantName } from '../core/eval-types.js';

/**
 * Why a case fails, from the rows of every variant it ran under (DESIGN.md, "Failure attribution").
 *
 * A case can match several rules; the primary label is the first match in this precedence, the
 * others go to `secondary`. The order puts the cheapest fix that is proven to work first, then the
 * most specific diagnosis:
 *
 * 0. `unanswerable`    — the case's reader may not read its gold sources (the oracle reads as that
 *                        reader): the case is reported as such, not attributed a gap.
 * 1. `no-gap`          — the prompt row passes.
 * 2. `prompting-fixes` — the few-shot row passes (the prompt row failed or has no result).
 * 3. `retrieval-gap`   — content passes under oracle and fails under rag: the facts exist in the
 *                        documents but retrieval did not deliver them. Listed before knowledge-gap
 *                        because a case that matches both needs its retrieval fixed, not more RAG.
 * 4. `knowledge-gap`   — content fails without context (prompt, or few-shot when prompt has no
 *                        result; every one that ran must fail content) and passes under oracle or
 *                        under rag (rag passing shows the model uses facts it is given, whatever
 *                        the oracle's passages did). Also: the answer is right
 *                        without context but the case requires citations, which only passages
 *                        make possible, and rag or oracle passes (the model needs its sources).
 * 5. `behaviour-gap`   — content is not wrong but format or grounding fails in every untuned
 *                        variant that ran (prompt, few-shot, rag, oracle).
 * 6. `reasoning-gap`   — content fails without context and still fails under oracle, and under
 *                        rag when rag ran.
 * 7. `unmeasured`      — the answer model cannot synthesise (its `extractive` capability flag on
 *                        every untuned row): it quotes passages, knows nothing and follows no
 *                        format, so behaviour and reasoning gaps are not its team's model's and
 *                        are not assigned; a case that rules 1–4 do not decide is unmeasured.
 * 8. `model-error`     — no rule could be decided and some rows errored.
 * 9. `unresolved`      — no rule could be decided from the rows that ran.
 *
 * Rows that errored count as not run for the rules. `behaviour-gap` is also added as a secondary
 * label when format or grounding fails in every untuned variant even though content fails somewhere:
 * that is how a case with both a knowledge and a behaviour gap shows up. `model-error` is added as a
 * secondary label whenever a row errored but a rule was still decided.
 *
 * Content rules read `verdicts.content` (a skipped content check proves nothing either way); the
 * `tuned` and `hybrid` rows never decide a label (a gap is a property of the base model) but their
 * results are stated in the explanation.
 */
export const gapLabels = [
  'unanswerable',
  'no-gap',
  'prompting-fixes',
  'retrieval-gap',
  'knowledge-gap',
  'behaviour-gap',
  'reasoning-gap',
  'unmeasured',
  'model-error',
  'unresolved',
] as const;

/** One label per entry of `gapLabels`: the list is the precedence and the order reports list labels in. */
export type GapLabel = (typeof gapLabels)[number];

/** The labels no rule matches: what a case gets when no rule decides it (see `attributeCase`). */
type FallbackLabel = 'model-error' | 'unresolved';

/**
 * Each label in one line for people (`knowhow demo` prints it beside the counts). Kept beside the
 * rules so that a new label brings its meaning; a missing entry is a type error.
 */
export const gapLabelMeanings: Record<GapLabel, string> = {
  unanswerable: "the case's reader may not read its sources: fix the case",
  'no-gap': 'already right with the plain prompt',
  'prompting-fixes': 'worked examples in the prompt fix it',
  'knowledge-gap': 'the model lacks the facts: retrieval fixes it',
  'retrieval-gap': 'the facts exist but retrieval missed them: fix chunking/retrieval',
  'behaviour-gap': 'facts right, format wrong everywhere: fine-tuning territory',
  'reasoning-gap': 'wrong even with the gold documents: stronger model or fine-tune',
  unmeasured: 'needs an answer written, not quoted: only a real model run decides it',
  unresolved: 'no rule matched',
  'model-error': 'the model call failed',
};

export type Verdict = 'pass' | 'fail' | 'skipped';

export interface AttributionEvidence {
  variant: VariantName;
  passed: boolean;
  verdicts: Record<CheckKind, Verdict>;
  /** What this row showed: verdicts, failing checks and their reasons, or the error. */
  reason: string;
}

export interface Attribution {
  caseId: string;
  label: GapLabel;
  secondary: GapLabel[];
  /** The rows the matched rules read, in variant order. */
  evidence: AttributionEvidence[];
  explanation: string;
  /** Variants under which the case passed (which architectures already fix it). */
  passedUnder: VariantName[];
  /** Variants with no row for this case. */
  missing: VariantName[];
  /** Variants whose model call failed for this case. */
  errored: VariantName[];
  /** Attributed on an answer model that cannot synthesise (extractive): see `unmeasured`. */
  extractive: boolean;
}

const variantOrder: readonly VariantName[] = variantNames;
/** No attribution rule reads long-context rows yet (issue 15): its absence is not evidence missing. */
const attributedVariants = variantOrder.filter((variant) => variant !== 'long-context');
const untunedVariants: readonly VariantName[] = ['prompt', 'few-shot', 'rag', 'oracle'];
const noContextVariants: readonly VariantName[] = ['prompt', 'few-shot'];

/** Attributes one case from its rows (one per variant that ran). */
export function attributeCase(rows: readonly EvalRow[]): Attribution {
  const first = rows[0];
  if (!first) {
    throw new KnowhowError('INTERNAL', 'attributeCase was given no rows.', {
      hint: 'Group rows by caseId (attributeRun does) and pass each non-empty group.',
    });
  }
  const caseId = first.caseId;
  const stray = rows.find((row) => row.caseId !== caseId);
  if (stray) {
    throw new KnowhowError(
      'INTERNAL',
      `attributeCase got rows of two cases: "${caseId}" and "${stray.caseId}".`,
      {
        hint: 'Group rows by caseId (attributeRun does) before attributing.',
        details: { caseId, other: stray.caseId },
      },
    );
  }

  // A re-run variant keeps its last row: rows arrive in the order they were written.
  const latest = new Map<VariantName, EvalRow>();
  for (const row of rows) latest.set(row.variant, row);
  const usable = new Map<VariantName, EvalRow>();
  const errored: VariantName[] = [];
  for (const variant of variantOrder) {
    const row = latest.get(variant);
    if (!row) continue;
    if (row.error) errored.push(variant);
    else usable.set(variant, row);
  }
  const missing = attributedVariants.filter((variant) => !latest.has(variant));
  const passedUnder = variantOrder.filter((variant) => usable.get(variant)?.passed === true);

  const extractive = cannotSynthesise(usable);
  const matches = matchRules(usable, extractive);
  const primary =
    gapLabels.find((label) => isMatched(matches, label)) ??
    (errored.length > 0 ? 'model-error' : 'unresolved');
  // An unanswerable case is attributed nothing else; `unmeasured` is only ever the fallback.
  const secondary: GapLabel[] =
    primary === 'unanswerable'
      ? []
      : gapLabels.filter((label) => label !== primary && label !== 'unmeasured' && isMatched(matches, label));
  if (
    primary !== 'unanswerable' &&
    !extractive &&
    primary !== 'behaviour-gap' &&
    !secondary.includes('behaviour-gap') &&
    behaviourFailsEverywhere(usable)
  ) {
    secondary.push('behaviour-gap');
  }
  if (primary !== 'model-error' && primary !== 'unanswerable' && errored.length > 0)
    secondary.push('model-error');
  secondary.sort((a, b) => gapLabels.indexOf(a) - gapLabels.indexOf(b));

  const used = new Set<VariantName>();
  for (const label of [primary, ...secondary])
    for (const variant of variantsRead(label, usable)) used.add(variant);
  if (primary === 'model-error' || secondary.includes('model-error'))
    for (const variant of errored) used.add(variant);
  if (primary === 'unresolved') for (const variant of usable.keys()) used.add(variant);
  const evidence = variantOrder
    .filter((variant) => used.has(variant))
    .map((variant) => describeRow(latest.get(variant)!));

  const explanation = explain({ primary, secondary, usable, missing, errored, latest, extractive });
  return {
    caseId,
    label: primary,
    secondary,
    evidence,
    explanation,
    passedUnder,
    missing,
    errored,
    extractive,
  };
}

/** Attributes every case of a run, in the order cases first appear. */
export function attributeRun(rows: readonly EvalRow[]): Attribution[] {
  const byCase = new Map<string, EvalRow[]>();
  for (const row of rows) {
    const group = byCase.get(row.caseId);
    if (group) group.push(row);
    else byCase.set(row.caseId, [row]);
  }
  return [...byCase.values()].map((group) => attributeCase(group));
}

export interface AttributionSummary {
  cases: number;
  counts: Record<GapLabel, number>;
  /** Share of all cases. */
  shares: Record<GapLabel, number>;
  /** Cases the model got wrong: all but `no-gap`, `model-error` (an error shows no gap) and `unanswerable`. */
  failing: number;
  /** Share of failing cases; 0 for `no-gap`, `model-error` and `unanswerable`. */
  failingShares: Record<GapLabel, number>;
  /** How often each label appears as a secondary label. */
  secondaryCounts: Record<GapLabel, number>;
  /** Cases that need retrieval: primary knowledge-gap or retrieval-gap. */
  knowledgeNeeds: number;
  /** Unfixed cases with a behaviour gap, primary or secondary. */
  behaviourNeeds: number;
  /** Cases with both a knowledge need and a behaviour gap. */
  bothNeeds: number;
  /** Cases attributed on an answer model that cannot synthesise (extractive). */
  extractiveCases: number;
  caseIdsByLabel: Record<GapLabel, string[]>;
}

export function summarizeAttributions(attributions: readonly Attribution[]): AttributionSummary {
  const counts = zeroByLabel();
  const secondaryCounts = zeroByLabel();
  const caseIdsByLabel = Object.fromEntries(gapLabels.map((label) => [label, [] as string[]])) as Record<
    GapLabel,
    string[]
  >;
  let knowledgeNeeds = 0;
  let behaviourNeeds = 0;
  let bothNeeds = 0;
  let extractiveCases = 0;
  for (const attribution of attributions) {
    if (attribution.extractive) extractiveCases++;
    counts[attribution.label]++;
    caseIdsByLabel[attribution.label].push(attribution.caseId);
    for (const label of attribution.secondary) secondaryCounts[label]++;
    const fixed = attribution.label === 'no-gap' || attribution.label === 'prompting-fixes';
    const knowledge = attribution.label === 'knowledge-gap' || attribution.label === 'retrieval-gap';
    const behaviour =
      attribution.label === 'behaviour-gap' || (!fixed && attribution.secondary.includes('behaviour-gap'));
    if (knowledge) knowledgeNeeds++;
    if (behaviour) behaviourNeeds++;
    if (knowledge && behaviour) bothNeeds++;
  }
  const cases = attributions.length;
  const failing = cases - counts['no-gap'] - counts['model-error'] - counts.unanswerable;
  const shares = zeroByLabel();
  const failingShares = zeroByLabel();
  for (const label of gapLabels) {
    shares[label] = cases === 0 ? 0 : counts[label] / cases;
    const countsAsFailing = label !== 'no-gap' && label !== 'model-error' && label !== 'unanswerable';
    failingShares[label] = failing === 0 || !countsAsFailing ? 0 : counts[label] / failing;
  }
  return {
    cases,
    counts,
    shares,
    failing,
    failingShares,
    secondaryCounts,
    knowledgeNeeds,
    behaviourNeeds,
    bothNeeds,
    extractiveCases,
    caseIdsByLabel,
  };
}

function zeroByLabel(): Record<GapLabel, number> {
  return Object.fromEntries(gapLabels.map((label) => [label, 0])) as Record<GapLabel, number>;
}

function contentPasses(row: EvalRow | undefined): boolean {
  return row?.verdicts.content === 'pass';
}

function contentFails(row: EvalRow | undefined): boolean {
  return row?.verdicts.content === 'fail';
}

/** Citing the passages given is behaviour too, so grounding counts with format. */
function behaviourFails(row: EvalRow): boolean {
  return row.verdicts.format === 'fail' || row.verdicts.grounding === 'fail';
}

function untunedRows(usable: ReadonlyMap<VariantName, EvalRow>): EvalRow[] {
  return untunedVariants.flatMap((variant) => {
    const row = usable.get(variant);
    return row ? [row] : [];
  });
}

/** The rows without context that decided a content verdict; all of them must fail content. */
function lacksKnowledge(usable: ReadonlyMap<VariantName, EvalRow>): boolean {
  const judged = noContextVariants.flatMap((variant) => {
    const row = usable.get(variant);
    return row && row.verdicts.content !== 'skipped' ? [row] : [];
  });
  return judged.length > 0 && judged.every(contentFails);
}

function behaviourFailsEverywhere(usable: ReadonlyMap<VariantName, EvalRow>): boolean {
  const rows = untunedRows(usable);
  return rows.length > 0 && rows.every(behaviourFails);
}

/**
 * The model knows the answer without context, but the case requires citations, which only given
 * passages make possible: every row without context fails on citations and nothing else, and a
 * row with passages (rag or oracle) passes. Retrieval is what fixes it, as for missing facts.
 */
function needsSourcesToCite(usable: ReadonlyMap<VariantName, EvalRow>): boolean {
  const withoutContext = (['prompt', 'few-shot'] as const).flatMap((variant) => usable.get(variant) ?? []);
  if (withoutContext.length === 0) return false;
  const onlyCitationsFail = withoutContext.every(
    (row) =>
      row.verdicts.content !== 'fail' &&
      row.checks.some((check) => check.name === 'citations' && check.verdict === 'fail') &&
      row.checks.every(
        (check) => check.verdict !== 'fail' || check.name === 'citations' || check.kind === 'grounding',
      ),
  );
  return onlyCitationsFail && (usable.get('rag')?.passed === true || usable.get('oracle')?.passed === true);
}

/**
 * The capability flag of the answer model, as every untuned row recorded it: an extractive
 * model quotes passages and cannot write an answer, follow a format or know anything itself.
 */
function cannotSynthesise(usable: ReadonlyMap<VariantName, EvalRow>): boolean {
  const rows = untunedRows(usable);
  return rows.length > 0 && rows.every((row) => row.extractive);
}

function unanswerableRow(usable: ReadonlyMap<VariantName, EvalRow>): EvalRow | undefined {
  return [...usable.values()].find((row) => (row.unanswerable?.sources.length ?? 0) > 0);
}

/** Whether each rule matches; every label but the fallbacks has one, so a new label without its rule is a type error. */
type RuleMatches = Record<Exclude<GapLabel, FallbackLabel>, boolean>;

function isMatched(matches: RuleMatches, label: GapLabel): boolean {
  return label !== 'model-error' && label !== 'unresolved' && matches[label];
}

function matchRules(usable: ReadonlyMap<VariantName, EvalRow>, extractive: boolean): RuleMatches {
  const prompt = usable.get('prompt');
  const fewShot = usable.get('few-shot');
  const rag = usable.get('rag');
  const oracle = usable.get('oracle');
  const noGap = prompt?.passed === true;
  const knowledgeMissing = lacksKnowledge(usable);
  const untuned = untunedRows(usable);
  return {
    unanswerable: unanswerableRow(usable) !== undefined,
    'no-gap': noGap,
    'prompting-fixes': !noGap && fewShot?.passed === true,
    'retrieval-gap': contentPasses(oracle) && contentFails(rag),
    'knowledge-gap':
      (knowledgeMissing && (contentPasses(oracle) || contentPasses(rag))) || needsSourcesToCite(usable),
    'behaviour-gap':
      !extractive &&
      untuned.length > 0 &&
      untuned.every((row) => row.verdicts.content !== 'fail' && behaviourFails(row)),
    'reasoning-gap': !extractive && knowledgeMissing && contentFails(oracle) && !contentPasses(rag),
    unmeasured: extractive,
  };
}

/** The variants each rule reads, so the evidence lists exactly the rows behind a label. */
function variantsRead(label: GapLabel, usable: ReadonlyMap<VariantName, EvalRow>): VariantName[] {
  const present = (variants: readonly VariantName[]) => variants.filter((variant) => usable.has(variant));
  switch (label) {
    case 'no-gap':
      return present(['prompt']);
    case 'prompting-fixes':
      return present(['prompt', 'few-shot']);
    case 'retrieval-gap':
      return present(['rag', 'oracle']);
    case 'knowledge-gap':
      return present(usable.has('oracle') ? ['prompt', 'few-shot', 'oracle'] : ['prompt', 'few-shot', 'rag']);
    case 'behaviour-gap':
      return present(untunedVariants);
    case 'reasoning-gap':
      return present(['prompt', 'few-shot', 'rag', 'oracle']);
    case 'unanswerable':
      return present(['oracle']);
    case 'unmeasured':
      return present(untunedVariants);
    // The fallbacks match no rule: attributeCase adds the errored rows, or every row, itself.
    case 'model-error':
    case 'unresolved':
      return [];
  }
}

function describeRow(row: EvalRow): AttributionEvidence {
  const base = { variant: row.variant, passed: row.passed, verdicts: { ...row.verdicts } };
  if (row.error) return { ...base, reason: `model call failed (${row.error.code}): ${row.error.message}` };
  const verdicts = (['content', 'format', 'grounding', 'retrieval'] as const)
    .filter((kind) => row.verdicts[kind] !== 'skipped')
    .map((kind) => `${kind} ${row.verdicts[kind]}`)
    .join(', ');
  const failing = row.checks.filter((check) => check.verdict === 'fail').map(describeCheck);
  const summary = `${row.passed ? 'passed' : 'failed'}${verdicts ? ` (${verdicts})` : ''}`;
  return { ...base, reason: failing.length > 0 ? `${summary}; failing: ${failing.join('; ')}` : summary };
}

function describeCheck(check: CheckResult): string {
  const score = check.score === undefined ? '' : ` ${round(check.score)}`;
  return `${check.name}${score}${check.reason ? ` — ${check.reason}` : ''}`;
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

interface ExplainInput {
  primary: GapLabel;
  secondary: readonly GapLabel[];
  usable: ReadonlyMap<VariantName, EvalRow>;
  missing: readonly VariantName[];
  errored: readonly VariantName[];
  latest: ReadonlyMap<VariantName, EvalRow>;
  extractive: boolean;
}

function explain(input: ExplainInput): string {
  const { usable } = input;
  const ran = (variants: readonly VariantName[]) =>
    variants.filter((variant) => usable.has(variant)).join(', ');
  const parts: string[] = [];
  switch (input.primary) {
    case 'unanswerable':
      parts.push(explainUnanswerable(unanswerableRow(usable)));
      break;
    case 'unmeasured':
      parts.push(explainUnmeasured(usable));
      break;
    case 'no-gap':
      parts.push('Passes under prompt: the base model already answers it with the system prompt alone.');
      break;
    case 'prompting-fixes':
      parts.push(
        usable.has('prompt')
          ? 'Fails under prompt and passes under few-shot: worked examples in the prompt fix it.'
          : 'Passes under few-shot (prompt has no result): worked examples in the prompt are enough.',
      );
      break;
    case 'retrieval-gap': {
      const retrieval = usable.get('rag')?.verdicts.retrieval;
      const why =
        retrieval === 'fail'
          ? 'retrieval missed the gold sources'
          : retrieval === 'pass'
            ? 'the gold sources were retrieved yet the answer still missed the facts (check chunking and context packing)'
            : 'the retrieved passages did not carry the facts';
      parts.push(
        `Content passes under oracle (gold documents in context) but fails under rag: ${why}. Fix chunking or retrieval before changing the model.`,
      );
      break;
    }
    case 'knowledge-gap':
      if (!lacksKnowledge(usable) && needsSourcesToCite(usable)) {
        parts.push(
          `The answer is right without context (${ran(noContextVariants)}) but fails only on the required citations, which need given passages; with passages it passes (${(['rag', 'oracle'] as const).filter((variant) => usable.get(variant)?.passed).join(', ')}). Retrieval (RAG) fixes it.`,
        );
        break;
      }
      if (input.extractive) {
        parts.push(
          `The answer model is extractive: it knows nothing without context, so this shows that the documents hold a quotable answer and that it passes under ${(['rag', 'oracle'] as const).filter((variant) => contentPasses(usable.get(variant))).join(' and ')}, not whether your model lacks these facts. A real model run measures that.`,
        );
        break;
      }
      parts.push(
        contentPasses(usable.get('oracle'))
          ? `Content fails without context (${ran(noContextVariants)}) and passes under oracle: the model lacks the facts${
              contentPasses(usable.get('rag')) ? ', and rag already supplies them' : ''
            }. Retrieval (RAG) fixes it.`
          : usable.has('oracle')
            ? `Content fails without context (${ran(noContextVariants)}) and passes under rag: the model uses the facts it is given, so it lacks them and retrieval supplies them. The oracle's gold passages did not carry the answer (check how the gold document is chunked and packed).`
            : `Content fails without context (${ran(noContextVariants)}) and passes under rag (oracle has no result): the model lacks the facts and retrieval supplies them.`,
      );
      break;
    case 'behaviour-gap':
      parts.push(
        `Content is right but format or grounding fails under every untuned variant that ran (${ran(untunedVariants)}): examples and context do not fix the behaviour; fine-tuning does.`,
      );
      break;
    case 'reasoning-gap':
      parts.push(
        'Content fails without context and still fails under oracle, with the gold documents in context: the model does not use facts it is given. A stronger model or fine-tuning.',
      );
      break;
    case 'model-error':
      parts.push(
        `Rows failed under ${input.errored
          .map((variant) => {
            const error = input.latest.get(variant)?.error;
            return error ? `${variant} (${error.code}: ${error.message})` : variant;
          })
          .join('; ')} and the rows that remain decide no rule; fix the cause and re-run the eval.`,
      );
      break;
    case 'unresolved':
      parts.push(explainUnresolved(usable));
      break;
    default:
      return unexplained(input.primary);
  }
  const also = input.secondary.filter((label) => label !== 'model-error');
  if (also.length > 0) parts.push(`Also matches: ${also.join(', ')}.`);
  for (const variant of ['tuned', 'hybrid'] as const) {
    const row = usable.get(variant);
    if (row) parts.push(`${variant} ${row.passed ? 'passes' : 'fails'}.`);
  }
  if (input.missing.length > 0) parts.push(`Not run: ${input.missing.join(', ')}.`);
  if (input.errored.length > 0 && input.primary !== 'model-error') {
    parts.push(`Errored (counted as not run): ${input.errored.join(', ')}.`);
  }
  return parts.join(' ');
}

/** A label the switch in explain() forgot is a type error here, not a case explained with nothing. */
function unexplained(label: never): never {
  throw new KnowhowError(
    'INTERNAL',
    `No explanation is written for the attribution label "${String(label)}".`,
    {
      hint: 'Add its case to explain() in src/decide/attribute-failures.ts.',
    },
  );
}

/** "Unanswerable as public: billing/internal.md is restricted to support." */
function explainUnanswerable(row: EvalRow | undefined): string {
  const info = row?.unanswerable;
  if (!info) return 'Unanswerable by the case’s reader.';
  const reader = info.reader.length > 0 ? info.reader.join(', ') : 'public';
  const sources = info.sources
    .map((source) => `${source.documentId} is restricted to ${source.groups.join(', ')}`)
    .join('; ');
  return `Unanswerable as ${reader}: ${sources}. The oracle reads only what the case's reader may read, so no gap is attributed; fix the case's user.groups or sources (a case that checks the answer is withheld lists no sources).`;
}

function explainUnmeasured(usable: ReadonlyMap<VariantName, EvalRow>): string {
  const rag = usable.get('rag');
  const recall = rag?.checks.find((check) => check.kind === 'retrieval' && check.name.startsWith('recall'));
  const retrieval =
    recall?.verdict === 'pass'
      ? ' Retrieval found the gold sources, so the passages were there to write it from.'
      : recall?.verdict === 'fail'
        ? ' Retrieval also missed the gold sources.'
        : '';
  return `The answer model is extractive: it quotes passages and cannot write an answer, so failing here (no single sentence states it, or the format needs writing) says nothing about your model.${retrieval} A real model run decides this case.`;
}

function explainUnresolved(usable: ReadonlyMap<VariantName, EvalRow>): string {
  if (usable.size === 0) return 'No variant produced a row for this case.';
  const failingUntuned = untunedRows(usable).filter((row) => !row.passed);
  const passedWithContext = (['rag', 'oracle'] as const).filter((variant) => usable.get(variant)?.passed);
  if (passedWithContext.length > 0 && !lacksKnowledge(usable)) {
    return `Fails without context although content is not wrong there, and passes under ${passedWithContext.join(', ')}: the checks that fail need the passages in context (citations, for example). No DESIGN.md rule names this.`;
  }
  if (lacksKnowledge(usable) && !usable.has('oracle') && !usable.has('rag')) {
    return 'Content fails without context, but neither oracle nor rag ran: knowledge, retrieval and reasoning gaps cannot be told apart. Run the oracle and rag variants.';
  }
  return `No rule matches the rows that ran (${failingUntuned.map((row) => row.variant).join(', ') || 'none'} failed).`;
}

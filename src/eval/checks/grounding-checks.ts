import type { CheckResult } from '../../core/eval-types.js';
import { parseCitationMarkers, showMarkers, stripCitationMarkers } from '../../core/text/citation-markers.js';
import type { LanguageModel } from '../../providers/spec.js';
import { askJudge, askJudgeForEach, type JudgeOutcome, judgeLabel } from './ask-judge.js';
import { lexicalSupport, splitSentences } from './lexical-support.js';
import { type AnswerCitation, resolveCitations } from './resolve-citations.js';

/**
 * Grounding: does every citation name a passage the model was actually given, and does that
 * passage support the sentence that cites it? Support is judged per cited sentence, by the
 * judge model when one is configured, else by lexical overlap. Uncited sentences are not
 * judged here (whether citations were required is a format check).
 */

/** Content-word recall at or above which a passage counts as supporting a sentence. */
export const defaultSupportThreshold = 0.5;
/** DESIGN.md: each citation must support its sentence, so by default every cited sentence must be supported. */
export const defaultMinSupportedShare = 1;

export interface GroundingPassage {
  marker: number;
  text: string;
}

export interface CheckGroundingOptions {
  answer: string;
  citations: readonly AnswerCitation[];
  /** The passages given to the model, numbered as it was told to cite them. */
  context: readonly GroundingPassage[];
  /** The case's citation policy: with `required`, an answer that cites nothing fails instead of being skipped. */
  cite?: 'required' | 'forbidden' | 'optional';
  judge?: LanguageModel;
  question?: string;
  supportThreshold?: number;
  minSupportedShare?: number;
  signal?: AbortSignal;
}

export async function checkGrounding(options: CheckGroundingOptions): Promise<CheckResult[]> {
  const passages = new Map(options.context.map((passage) => [passage.marker, passage.text]));
  const resolved = resolveCitations({
    answer: options.answer,
    citations: options.citations,
    contextMarkers: new Set(passages.keys()),
  });
  if (resolved.cited.length === 0) {
    const required = options.cite === 'required';
    return [
      {
        name: 'citation-targets',
        kind: 'grounding',
        verdict: required ? 'fail' : 'skipped',
        reason: required
          ? 'the answer cites nothing, though the case requires citations'
          : 'the answer cites nothing',
      },
      { name: 'sentence-support', kind: 'grounding', verdict: 'skipped', reason: 'the answer cites nothing' },
    ];
  }
  const given =
    passages.size === 0
      ? 'no passages were given'
      : `given: ${showMarkers([...passages.keys()].sort((a, b) => a - b))}`;
  const targets: CheckResult = {
    name: 'citation-targets',
    kind: 'grounding',
    verdict: resolved.invalid.length === 0 ? 'pass' : 'fail',
    score: resolved.valid.length / resolved.cited.length,
    reason:
      resolved.invalid.length === 0
        ? `all ${resolved.cited.length} cited marker(s) name given passages`
        : `${resolved.invalid.length}/${resolved.cited.length} cited marker(s) name no given passage: ${showMarkers(resolved.invalid)} (${given})`,
  };
  return [targets, await checkSentenceSupport(options, passages, new Set(resolved.valid))];
}

async function checkSentenceSupport(
  options: CheckGroundingOptions,
  passages: ReadonlyMap<number, string>,
  validMarkers: ReadonlySet<number>,
): Promise<CheckResult> {
  const threshold = options.supportThreshold ?? defaultSupportThreshold;
  const minShare = options.minSupportedShare ?? defaultMinSupportedShare;
  const cited = splitSentences(options.answer)
    .map((sentence, index) => ({ sentence, number: index + 1, markers: parseCitationMarkers(sentence) }))
    .filter((entry) => entry.markers.length > 0);

  const entries = cited.map((entry) => ({
    ...entry,
    given: entry.markers.filter((marker) => validMarkers.has(marker)),
  }));
  const outcomes = options.judge
    ? await judgeSupport(
        options.judge,
        entries.filter((entry) => entry.given.length > 0),
        passages,
        options,
      )
    : new Map<number, JudgeOutcome<'supported' | 'unsupported'>>();

  let counted = 0;
  let supported = 0;
  const unsupported: string[] = [];
  const notes: string[] = [];
  for (const entry of entries) {
    const texts = entry.given.map((marker) => passages.get(marker) ?? '');
    const label = `sentence ${entry.number} ${quote(entry.sentence)}`;
    if (texts.length === 0) {
      counted++;
      unsupported.push(`${label} cites no given passage`);
      continue;
    }
    const outcome = outcomes.get(entry.number);
    if (outcome?.ok) {
      counted++;
      if (outcome.verdict === 'supported') supported++;
      else unsupported.push(`${label} (judge: ${outcome.reason})`);
      continue;
    }
    // Lexical overlap stands in for this sentence; the note keeps the judge's failure visible.
    if (outcome) notes.push(`sentence ${entry.number} judged lexically because ${outcome.reason}`);
    const share = lexicalSupport(entry.sentence, texts);
    if (share === null) continue;
    counted++;
    if (share >= threshold) supported++;
    else unsupported.push(`${label} (overlap ${share.toFixed(2)})`);
  }

  const method = options.judge ? `judge ${judgeLabel(options.judge)}` : `lexical overlap ≥ ${threshold}`;
  const suffix = notes.length > 0 ? `; ${notes.join('; ')}` : '';
  if (counted === 0) {
    return {
      name: 'sentence-support',
      kind: 'grounding',
      verdict: 'skipped',
      reason: `no cited sentence carries content words to check${suffix}`,
    };
  }
  const share = supported / counted;
  return {
    name: 'sentence-support',
    kind: 'grounding',
    verdict: share >= minShare ? 'pass' : 'fail',
    score: share,
    reason:
      `${supported}/${counted} cited sentence(s) supported (${method})` +
      (unsupported.length > 0 ? `; unsupported: ${unsupported.join('; ')}` : '') +
      suffix,
  };
}

const supportSystem =
  'You check whether a sentence is supported by the passages it cites. It is supported when the passages ' +
  'state or directly imply everything the sentence claims.';

/**
 * The judge's verdict per sentence number. Several cited sentences go in one call, each cited
 * passage written once: an answer of eight cited sentences costs one judge call, not eight.
 */
async function judgeSupport(
  judge: LanguageModel,
  entries: readonly { sentence: string; number: number; given: number[] }[],
  passages: ReadonlyMap<number, string>,
  options: CheckGroundingOptions,
): Promise<Map<number, JudgeOutcome<'supported' | 'unsupported'>>> {
  const verdicts = ['supported', 'unsupported'] as const;
  const question = options.question ? `QUESTION:\n${options.question}\n\n` : '';
  const signal = options.signal ? { signal: options.signal } : {};
  const [only] = entries;
  if (entries.length === 1 && only) {
    const outcome = await askJudge({
      judge,
      system: supportSystem,
      prompt: `${question}SENTENCE:\n${stripCitationMarkers(only.sentence)}\n\nPASSAGES:\n${only.given
        .map((marker) => passages.get(marker) ?? '')
        .join('\n---\n')}`,
      verdicts,
      ...signal,
    });
    return new Map([[only.number, outcome]]);
  }
  if (entries.length === 0) return new Map();
  const markers = [...new Set(entries.flatMap((entry) => entry.given))].sort((a, b) => a - b);
  const outcomes = await askJudgeForEach({
    judge,
    system: `${supportSystem} Judge each numbered sentence only against the passages it cites.`,
    prompt:
      `${question}PASSAGES:\n${markers.map((marker) => `[${marker}] ${passages.get(marker) ?? ''}`).join('\n---\n')}` +
      `\n\nSENTENCES:\n${entries
        .map(
          (entry, index) =>
            `${index + 1}. ${stripCitationMarkers(entry.sentence)} (cites ${showMarkers(entry.given)})`,
        )
        .join('\n')}`,
    verdicts,
    count: entries.length,
    ...signal,
  });
  return new Map(
    entries.map((entry, index) => [entry.number, outcomes[index] ?? { ok: false, reason: 'no verdict' }]),
  );
}

function quote(sentence: string): string {
  const plain = stripCitationMarkers(sentence);
  return JSON.stringify(plain.length > 60 ? `${plain.slice(0, 60)}…` : plain);
}

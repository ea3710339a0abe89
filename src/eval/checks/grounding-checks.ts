import type { CheckResult } from '../../core/eval-types.js';
import { parseCitationMarkers, showMarkers, stripCitationMarkers } from '../../core/text/citation-markers.js';
import type { LanguageModel } from '../../providers/spec.js';
import { askJudge, judgeLabel } from './ask-judge.js';
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

  let counted = 0;
  let supported = 0;
  const unsupported: string[] = [];
  const notes: string[] = [];
  for (const entry of cited) {
    const texts = entry.markers
      .filter((marker) => validMarkers.has(marker))
      .map((marker) => passages.get(marker) ?? '');
    const label = `sentence ${entry.number} ${quote(entry.sentence)}`;
    if (texts.length === 0) {
      counted++;
      unsupported.push(`${label} cites no given passage`);
      continue;
    }
    if (options.judge) {
      const outcome = await askJudge({
        judge: options.judge,
        system:
          'You check whether a sentence is supported by the passages it cites. It is supported when the passages ' +
          'state or directly imply everything the sentence claims.',
        prompt:
          (options.question ? `QUESTION:\n${options.question}\n\n` : '') +
          `SENTENCE:\n${stripCitationMarkers(entry.sentence)}\n\nPASSAGES:\n${texts.join('\n---\n')}`,
        verdicts: ['supported', 'unsupported'] as const,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (outcome.ok) {
        counted++;
        if (outcome.verdict === 'supported') supported++;
        else unsupported.push(`${label} (judge: ${outcome.reason})`);
        continue;
      }
      // Lexical overlap stands in for this sentence; the note keeps the judge's failure visible.
      notes.push(`sentence ${entry.number} judged lexically because ${outcome.reason}`);
    }
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

function quote(sentence: string): string {
  const plain = stripCitationMarkers(sentence);
  return JSON.stringify(plain.length > 60 ? `${plain.slice(0, 60)}…` : plain);
}

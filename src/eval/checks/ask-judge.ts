import { KnowhowError } from '../../core/errors.js';
import type { LanguageModel } from '../../providers/spec.js';

/**
 * One call to the judge model for a verdict out of a fixed set. The judge is asked for JSON
 * (through structured output when the provider supports it, else in the prompt) and its reply
 * is parsed leniently. A reply with no usable verdict, or a failed call, comes back as
 * `ok: false` with the reason: callers report it as `skipped`, so a confused judge can never
 * silently flip a pass into a fail or back.
 */

export type JudgeOutcome<V extends string> =
  | { ok: true; verdict: V; reason: string }
  | { ok: false; reason: string };

export interface AskJudgeOptions<V extends string> {
  judge: LanguageModel;
  system: string;
  prompt: string;
  verdicts: readonly V[];
  signal?: AbortSignal;
}

export function judgeLabel(judge: LanguageModel): string {
  return `${judge.provider}:${judge.modelId}`;
}

export async function askJudge<V extends string>(options: AskJudgeOptions<V>): Promise<JudgeOutcome<V>> {
  const { judge, verdicts } = options;
  if (judge.capabilities.extractive) {
    return {
      ok: false,
      reason: `judge ${judgeLabel(judge)} is extractive and cannot grade; configure a generative judge model`,
    };
  }
  const instruction = `Reply with one JSON object and nothing else: {"verdict": ${verdicts
    .map((verdict) => `"${verdict}"`)
    .join(' or ')}, "reason": "<one short sentence>"}.`;
  let text: string;
  try {
    const result = await judge.doGenerate({
      messages: [
        { role: 'system', content: `${options.system}\n\n${instruction}` },
        { role: 'user', content: options.prompt },
      ],
      temperature: 0,
      maxTokens: 400,
      ...(judge.capabilities.jsonSchema
        ? {
            jsonSchema: {
              name: 'verdict',
              schema: {
                type: 'object',
                properties: { verdict: { type: 'string', enum: [...verdicts] }, reason: { type: 'string' } },
                required: ['verdict', 'reason'],
                additionalProperties: false,
              },
            },
          }
        : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    text = result.text;
  } catch (error) {
    if (options.signal?.aborted || isCancellation(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `judge ${judgeLabel(judge)} call failed: ${message}` };
  }
  return parseJudgeVerdict(text, verdicts, judgeLabel(judge));
}

function isCancellation(error: unknown): boolean {
  if (KnowhowError.isInstance(error)) return error.code === 'CANCELLED';
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Finds the first JSON object in the reply (inside a ```json fence or surrounded by prose) whose
 * `verdict` is one of `verdicts` (case-insensitive).
 */
export function parseJudgeVerdict<V extends string>(
  text: string,
  verdicts: readonly V[],
  label?: string,
): JudgeOutcome<V> {
  for (const candidate of jsonObjectCandidates(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate);
    } catch {
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
    const record = parsed as Record<string, unknown>;
    const raw = typeof record.verdict === 'string' ? record.verdict.trim().toLowerCase() : undefined;
    const verdict = verdicts.find((allowed) => allowed.toLowerCase() === raw);
    if (verdict === undefined) continue;
    const reason =
      typeof record.reason === 'string' && record.reason.trim() !== ''
        ? record.reason.trim()
        : 'no reason given';
    return { ok: true, verdict, reason };
  }
  const shown = JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
  return {
    ok: false,
    reason: `${label === undefined ? 'the judge' : `judge ${label}`} returned an unparseable verdict (expected JSON with "verdict": ${verdicts.join('|')}): ${shown}`,
  };
}

/** Balanced `{…}` substrings in order of their opening brace, string-literal aware. */
function* jsonObjectCandidates(text: string): Generator<string> {
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    let escaped = false;
    for (let i = start; i < text.length; i++) {
      const char = text[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (char === '\\') escaped = true;
        else if (char === '"') inString = false;
        continue;
      }
      if (char === '"') inString = true;
      else if (char === '{') depth++;
      else if (char === '}') {
        depth--;
        if (depth === 0) {
          yield text.slice(start, i + 1);
          break;
        }
      }
    }
  }
}

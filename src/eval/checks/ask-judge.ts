import { KnowhowError } from '../../core/errors.js';
import type { JsonSchemaSpec, LanguageModel } from '../../providers/spec.js';

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
  const { verdicts } = options;
  const reply = await callJudge(options, {
    instruction: `Reply with one JSON object and nothing else: {"verdict": ${verdicts
      .map((verdict) => `"${verdict}"`)
      .join(' or ')}, "reason": "<one short sentence>"}.`,
    maxTokens: 400,
    schema: {
      name: 'verdict',
      schema: {
        type: 'object',
        properties: verdictProperties(verdicts),
        required: ['verdict', 'reason'],
        additionalProperties: false,
      },
    },
  });
  return reply.ok ? parseJudgeVerdict(reply.text, verdicts, judgeLabel(options.judge)) : reply;
}

/** The JSON Schema of one verdict, for providers with structured output. */
function verdictProperties(verdicts: readonly string[]) {
  return { verdict: { type: 'string', enum: [...verdicts] }, reason: { type: 'string' } };
}

/**
 * The call itself, shared by both forms: JSON through structured output where the provider has
 * it, else asked for in the prompt; a failed call is an outcome with its reason, cancellation
 * is not (it propagates, so that an aborted run stops).
 */
async function callJudge(
  options: AskJudgeOptions<string>,
  request: { instruction: string; maxTokens: number; schema: JsonSchemaSpec },
): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  const { judge } = options;
  if (judge.capabilities.extractive) {
    return {
      ok: false,
      reason: `judge ${judgeLabel(judge)} is extractive and cannot grade; configure a generative judge model`,
    };
  }
  try {
    const result = await judge.doGenerate({
      messages: [
        { role: 'system', content: `${options.system}\n\n${request.instruction}` },
        { role: 'user', content: options.prompt },
      ],
      temperature: 0,
      maxTokens: request.maxTokens,
      ...(judge.capabilities.jsonSchema ? { jsonSchema: request.schema } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { ok: true, text: result.text };
  } catch (error) {
    if (options.signal?.aborted || isCancellation(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `judge ${judgeLabel(judge)} call failed: ${message}` };
  }
}

export interface AskJudgeForEachOptions<V extends string> extends AskJudgeOptions<V> {
  /** How many numbered items (1…count) the prompt asks about. */
  count: number;
}

/**
 * One call for a verdict on each of `count` numbered items: N questions about the same passages
 * cost one prompt, not N. Items the reply leaves out, or answers with no usable verdict, come
 * back `ok: false` with the reason, each on its own, so a caller can fall back item by item.
 */
export async function askJudgeForEach<V extends string>(
  options: AskJudgeForEachOptions<V>,
): Promise<JudgeOutcome<V>[]> {
  const { verdicts, count } = options;
  const choices = verdicts.map((verdict) => `"${verdict}"`).join(' or ');
  const reply = await callJudge(options, {
    instruction:
      `Reply with one JSON object and nothing else: {"items": [{"item": <number>, "verdict": ${choices}, ` +
      `"reason": "<one short sentence>"}, …]}, one entry for each of the ${count} numbered items.`,
    maxTokens: Math.min(4000, 200 + 120 * count),
    schema: {
      name: 'verdicts',
      schema: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              properties: { item: { type: 'integer' }, ...verdictProperties(verdicts) },
              required: ['item', 'verdict', 'reason'],
              additionalProperties: false,
            },
          },
        },
        required: ['items'],
        additionalProperties: false,
      },
    },
  });
  if (!reply.ok) return Array.from({ length: count }, () => reply);
  return parseJudgeVerdicts(reply.text, verdicts, count, judgeLabel(options.judge));
}

/** Reads `{"items": [{"item", "verdict", "reason"}]}` from a reply; see askJudgeForEach. */
export function parseJudgeVerdicts<V extends string>(
  text: string,
  verdicts: readonly V[],
  count: number,
  label?: string,
): JudgeOutcome<V>[] {
  const who = label === undefined ? 'the judge' : `judge ${label}`;
  let entries: unknown[] | undefined;
  for (const candidate of jsonObjectCandidates(text)) {
    try {
      const parsed = JSON.parse(candidate) as { items?: unknown };
      if (Array.isArray(parsed.items)) {
        entries = parsed.items;
        break;
      }
    } catch {
      // not this candidate
    }
  }
  if (entries === undefined) {
    const reason = `${who} returned unparseable verdicts (expected JSON with "items": [{"item", "verdict": ${verdicts.join('|')}}]): ${quoteReply(text)}`;
    return Array.from({ length: count }, () => ({ ok: false, reason }));
  }
  const found = new Map<number, JudgeOutcome<V>>();
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') continue;
    const record = entry as Record<string, unknown>;
    const item = Number(record.item);
    const outcome = readVerdict(record, verdicts);
    if (!Number.isInteger(item) || outcome === undefined || found.has(item)) continue;
    found.set(item, outcome);
  }
  return Array.from(
    { length: count },
    (_, index) =>
      found.get(index + 1) ?? { ok: false, reason: `${who} gave no usable verdict for item ${index + 1}` },
  );
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
    const outcome = readVerdict(parsed as Record<string, unknown>, verdicts);
    if (outcome !== undefined) return outcome;
  }
  return {
    ok: false,
    reason: `${label === undefined ? 'the judge' : `judge ${label}`} returned an unparseable verdict (expected JSON with "verdict": ${verdicts.join('|')}): ${quoteReply(text)}`,
  };
}

/** `verdict` (one of `verdicts`, any case) and `reason` of a parsed reply; undefined without a usable verdict. */
function readVerdict<V extends string>(
  record: Record<string, unknown>,
  verdicts: readonly V[],
): { ok: true; verdict: V; reason: string } | undefined {
  const raw = typeof record.verdict === 'string' ? record.verdict.trim().toLowerCase() : undefined;
  const verdict = verdicts.find((allowed) => allowed.toLowerCase() === raw);
  if (verdict === undefined) return undefined;
  const reason =
    typeof record.reason === 'string' && record.reason.trim() !== ''
      ? record.reason.trim()
      : 'no reason given';
  return { ok: true, verdict, reason };
}

/** A reply quoted in a reason: enough to see what went wrong, not the whole essay. */
function quoteReply(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
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

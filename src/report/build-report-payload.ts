import type { CheckResult, EvalRow, VariantName } from '../core/eval-types.js';
import type { ReportChunk, ReportData } from '../core/report-types.js';
import type { Attribution, GapLabel } from '../decide/index.js';

/** Chunk text is cut here in the page: enough to see why it was retrieved, small enough for a large run. */
export const CHUNK_SNIPPET_CHARACTERS = 700;

export interface PayloadRow {
  variant: VariantName;
  model: string;
  answer: string;
  error?: { code: string; message: string };
  passed: boolean;
  verdicts: EvalRow['verdicts'];
  checks: CheckResult[];
  retrievedIds: string[];
  contextIds: string[];
  citations: EvalRow['citations'];
  latencyMs: number;
  cached: boolean;
  extractive: boolean;
  promptTokens: number;
  completionTokens: number;
}

export interface PayloadCase {
  id: string;
  question: string;
  answer?: string;
  facts: string[];
  sources: string[];
  tags: string[];
  groups: string[];
  format: Record<string, unknown>;
  label: GapLabel | null;
  secondary: GapLabel[];
  explanation: string;
  evidence: { variant: VariantName; passed: boolean; reason: string }[];
  rows: PayloadRow[];
}

/** What the page's script reads for the drill-down: only the fields it shows, chunk texts once. */
export interface ReportPayload {
  variants: VariantName[];
  cases: PayloadCase[];
  chunks: Record<string, ReportChunk>;
}

export interface ReportCase {
  id: string;
  question: string;
  tags: string[];
  attribution: Attribution | undefined;
  rows: ReadonlyMap<VariantName, EvalRow>;
  payload: PayloadCase;
}

/**
 * Lines up cases, their latest rows and their attribution, in the order of `data.cases` (cases
 * that only appear in rows follow, in row order), and builds the page's JSON from them.
 */
export function buildReportPayload(
  data: Pick<ReportData, 'cases' | 'chunks'>,
  latest: ReadonlyMap<string, ReadonlyMap<VariantName, EvalRow>>,
  variants: readonly VariantName[],
  caseAttributions: readonly Attribution[],
): { cases: ReportCase[]; payload: ReportPayload } {
  const attributions = new Map(caseAttributions.map((entry) => [entry.caseId, entry]));
  const definitions = new Map(data.cases.map((entry) => [entry.id, entry]));
  const ids = [
    ...new Set([...data.cases.map((entry) => entry.id), ...latest.keys(), ...attributions.keys()]),
  ];
  const referenced = new Set<string>();
  const cases = ids.map((id): ReportCase => {
    const definition = definitions.get(id);
    const rows = latest.get(id) ?? new Map<VariantName, EvalRow>();
    const attribution = attributions.get(id);
    const firstRow = rows.values().next().value as EvalRow | undefined;
    const question = definition?.question ?? firstRow?.question ?? '';
    const payloadRows = variants.flatMap((variant) => {
      const row = rows.get(variant);
      if (!row) return [];
      for (const chunkId of [...row.retrievedIds, ...row.contextIds]) referenced.add(chunkId);
      for (const citation of row.citations) referenced.add(citation.chunkId);
      return [toPayloadRow(row)];
    });
    return {
      id,
      question,
      tags: definition?.tags ?? [],
      attribution,
      rows,
      payload: {
        id,
        question,
        ...(definition?.answer === undefined ? {} : { answer: definition.answer }),
        facts: definition?.facts ?? [],
        sources: definition?.sources ?? [],
        tags: definition?.tags ?? [],
        groups: definition?.user.groups ?? [],
        format: { ...(definition?.format ?? {}) },
        label: attribution?.label ?? null,
        secondary: attribution?.secondary ?? [],
        explanation: attribution?.explanation ?? '',
        evidence: (attribution?.evidence ?? []).map((entry) => ({
          variant: entry.variant,
          passed: entry.passed,
          reason: entry.reason,
        })),
        rows: payloadRows,
      },
    };
  });
  // Object.fromEntries defines own properties, so a chunk id such as `__proto__` stays a plain key.
  const chunks = Object.fromEntries(
    [...referenced].flatMap((id) => {
      const chunk = Object.hasOwn(data.chunks, id) ? data.chunks[id] : undefined;
      return chunk ? [[id, { ...chunk, text: snippet(chunk.text) }]] : [];
    }),
  ) as Record<string, ReportChunk>;
  return { cases, payload: { variants: [...variants], cases: cases.map((entry) => entry.payload), chunks } };
}

function toPayloadRow(row: EvalRow): PayloadRow {
  return {
    variant: row.variant,
    model: row.model,
    answer: row.answer,
    ...(row.error ? { error: { code: row.error.code, message: row.error.message } } : {}),
    passed: row.passed,
    verdicts: row.verdicts,
    checks: row.checks,
    retrievedIds: row.retrievedIds,
    contextIds: row.contextIds,
    citations: row.citations,
    latencyMs: row.latencyMs,
    cached: row.cached,
    extractive: row.extractive,
    promptTokens: row.usage.promptTokens,
    completionTokens: row.usage.completionTokens,
  };
}

function snippet(text: string): string {
  return text.length <= CHUNK_SNIPPET_CHARACTERS ? text : `${text.slice(0, CHUNK_SNIPPET_CHARACTERS)}…`;
}

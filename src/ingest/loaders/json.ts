import { findJsonError } from './find-json-error.js';
import { readRecord } from './json-records.js';
import type { Loader } from './loader.js';
import { readTextFile } from './read-file.js';

/**
 * A .json file holds an array of records, `{"records": […]}`, or one record. It is parsed whole
 * (it is bounded by ingest.maxFileBytes); large collections belong in JSONL, which streams.
 */
export const loadJson: Loader = async function* (input) {
  const read = await readTextFile(input);
  if (!read.ok) {
    yield { kind: 'failure', failure: read.failure };
    return;
  }
  const base = { source: input.relativePath, documentId: input.relativePath, code: 'INPUT_INVALID' as const };
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
    const line = lineOfJsonError(read.text);
    yield {
      kind: 'failure',
      failure: {
        ...base,
        ...(line === undefined ? {} : { line }),
        reason: `malformed JSON: ${message}`,
        hint: 'Fix the JSON (a trailing comma or a missing quote is the usual cause), or exclude the file.',
      },
    };
    return;
  }
  const records = recordsOf(parsed);
  if (records === null) {
    yield {
      kind: 'failure',
      failure: {
        ...base,
        reason: 'the JSON is neither an array of records, {"records": […]}, nor one record object',
        hint: 'Wrap the records in an array, or exclude the file.',
      },
    };
    return;
  }
  if (records.length === 0) {
    yield {
      kind: 'failure',
      failure: {
        ...base,
        reason: 'the file holds no records',
        hint: 'Add records, delete the file, or exclude it.',
      },
    };
    return;
  }
  const seen = new Map<string, number>();
  for (const [index, record] of records.entries()) {
    input.signal?.throwIfAborted();
    const position = records.length === 1 && !Array.isArray(parsed) ? 'record' : `record ${index + 1}`;
    const result = readRecord({ record, input, position });
    if (!result.ok) {
      yield { kind: 'failure', failure: result.failure };
      continue;
    }
    const first = seen.get(result.draft.id);
    if (first !== undefined) {
      yield {
        kind: 'failure',
        failure: {
          ...base,
          documentId: result.draft.id,
          field: input.config.json.id,
          reason: `${position}: duplicate id "${result.draft.id}" (first used by record ${first})`,
          hint: 'Give every record a unique id; the first one is kept.',
        },
      };
      continue;
    }
    seen.set(result.draft.id, index + 1);
    yield { kind: 'document', draft: result.draft };
  }
};

function recordsOf(parsed: unknown): unknown[] | null {
  if (Array.isArray(parsed)) return parsed;
  if (typeof parsed !== 'object' || parsed === null) return null;
  const records = (parsed as Record<string, unknown>).records;
  return Array.isArray(records) ? records : [parsed];
}

/** The line of the first syntax error: JSON.parse names a position only in some engine versions. */
export function lineOfJsonError(text: string): number | undefined {
  const offset = findJsonError(text);
  if (offset === -1) return undefined;
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1))
    line++;
  return line;
}

import type { IngestConfig } from '../../core/config/schema.js';
import type { Metadata } from '../../core/types.js';
import { readGroupsValue } from '../resolve-groups.js';
import type { DocumentDraft, IngestFailure, LoaderInput } from './loader.js';

export type RecordFields = IngestConfig['json'];

export interface ReadRecordOptions {
  record: unknown;
  input: LoaderInput;
  /** 1-based line (JSONL); absent for records of a .json file. */
  line?: number;
  /** How reasons name a record that has no line: `record 3`. */
  position?: string;
}

export type ReadRecordResult = { ok: true; draft: DocumentDraft } | { ok: false; failure: IngestFailure };

const CONFIG_HINT = 'in knowhow.yaml';

/** Turns one JSON record into a document, using the field names configured under ingest.json. */
export function readRecord(options: ReadRecordOptions): ReadRecordResult {
  const { record, input } = options;
  const prefix = options.position === undefined ? '' : `${options.position}: `;
  const fields = input.config.json;
  const source = input.relativePath;
  const located = options.line === undefined ? {} : { line: options.line };
  const fail = (failure: Omit<IngestFailure, 'source' | 'code'>): ReadRecordResult => ({
    ok: false,
    failure: { source, ...located, code: 'INPUT_INVALID', ...failure },
  });
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return fail({
      documentId: source,
      reason: `${prefix}a record must be a JSON object, not ${describeType(record)}`,
      hint: 'Write one object per record, e.g. {"id": "a1", "text": "…"}.',
    });
  }
  const fieldsOf = record as Record<string, unknown>;
  const idValue = readField(fieldsOf, fields.id);
  const id = typeof idValue === 'number' && Number.isFinite(idValue) ? String(idValue) : idValue;
  if (typeof id !== 'string' || id.trim().length === 0) {
    return fail({
      documentId: source,
      field: fields.id,
      reason:
        idValue === undefined
          ? `${prefix}the record has no "${fields.id}" field`
          : `${prefix}"${fields.id}" must be a non-empty string or a number, not ${describeType(idValue)}`,
      hint: `Give every record an id, or set ingest.json.id ${CONFIG_HINT} to the field that holds it.`,
    });
  }
  const documentId = `${source}#${id.trim()}`;
  const textFields = typeof fields.text === 'string' ? [fields.text] : fields.text;
  const texts: string[] = [];
  for (const name of textFields) {
    const value = readField(fieldsOf, name);
    if (value === undefined || value === null) continue;
    if (typeof value === 'number' || typeof value === 'boolean') texts.push(String(value));
    else if (typeof value === 'string') {
      if (/\S/.test(value)) texts.push(value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value);
    } else {
      return fail({
        documentId,
        field: name,
        reason: `${prefix}"${name}" must be a string, not ${describeType(value)}`,
        hint: `Store the text as a string, or point ingest.json.text ${CONFIG_HINT} at the fields that hold it.`,
      });
    }
  }
  if (texts.length === 0) {
    const names = textFields.join('", "');
    return fail({
      documentId,
      field: textFields.join(','),
      reason: `${prefix}the record has no text in "${names}"`,
      hint: `Add the text, or set ingest.json.text ${CONFIG_HINT} to the field (or list of fields) that holds it.`,
    });
  }
  const titleValue = readField(fieldsOf, fields.title);
  const title =
    typeof titleValue === 'string' || typeof titleValue === 'number' ? String(titleValue).trim() : '';
  let groups: string[] | undefined;
  const groupsValue = readField(fieldsOf, fields.groups);
  if (groupsValue !== undefined && groupsValue !== null) {
    const parsed = readGroupsValue(groupsValue);
    if (parsed === null) {
      return fail({
        documentId,
        field: fields.groups,
        reason: `${prefix}"${fields.groups}" must be a list of group names or a comma-separated string, with at least one name`,
        hint: `Write e.g. "${fields.groups}": ["hr"], or remove it to use the access rules or --groups.`,
      });
    }
    groups = parsed;
  }
  const metadata: Metadata = {};
  for (const name of fields.metadata) {
    const value = readField(fieldsOf, name);
    if (value !== undefined) metadata[name] = toMetadataValue(value);
  }
  return {
    ok: true,
    draft: {
      id: documentId,
      text: texts.join('\n\n'),
      title: title.length > 0 ? title : id.trim(),
      source: documentId,
      format: 'json',
      modifiedAt: input.modifiedAt,
      metadata,
      ...(groups === undefined ? {} : { groups }),
      // A JSONL record is one line of its file; a .json file's records have no line of their own.
      ...(options.line === undefined ? {} : { origin: { kind: 'record' as const, line: options.line } }),
    },
  };
}

/** A field by name, or by dotted path into nested objects (`meta.title`) when no key has that name. */
export function readField(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  if (!name.includes('.')) return undefined;
  let value: unknown = record;
  for (const key of name.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Metadata is flat: lists of scalars are joined, anything else is kept as its JSON. */
function toMetadataValue(value: unknown): Metadata[string] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) {
    return value.map(String).join(', ');
  }
  return JSON.stringify(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

import { parseDocument } from 'yaml';
import type { Metadata } from '../core/types.js';
import { readGroupsValue } from './resolve-groups.js';

export type FrontMatterSplit =
  | {
      ok: true;
      data: Record<string, unknown> | null;
      body: string /** Offset of body in the text. */;
      bodyStart: number;
    }
  | { ok: false; line: number; reason: string; hint: string };

const OPENING = '---\n';
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/gm;

/**
 * Separates YAML front matter (`---` on the first line, closed by `---` or `...`) from the body.
 * Text must already use `\n` line endings. Invalid YAML is an error, not "no front matter":
 * the block may hold access groups, and ignoring it would publish a restricted document.
 */
export function splitFrontMatter(text: string): FrontMatterSplit {
  if (!text.startsWith(OPENING)) return { ok: true, data: null, body: text, bodyStart: 0 };
  CLOSING.lastIndex = OPENING.length;
  const closing = CLOSING.exec(text);
  if (closing === null) return { ok: true, data: null, body: text, bodyStart: 0 };
  const yamlText = text.slice(OPENING.length, closing.index);
  const bodyStart = Math.min(text.length, closing.index + closing[0].length + 1);
  const body = text.slice(bodyStart);
  const document = parseDocument(yamlText, { uniqueKeys: true });
  const error = document.errors[0];
  if (error !== undefined) {
    // +1: the YAML starts on the second line of the file.
    const line = (error.linePos?.[0]?.line ?? 1) + 1;
    // The parser's own position counts from the start of the YAML, not of the file: drop it.
    const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return {
      ok: false,
      line,
      reason: `front matter is not valid YAML: ${message}`,
      hint: 'Fix the YAML between the --- lines; if the first --- is meant as a horizontal rule, put a blank line above it.',
    };
  }
  const data: unknown = document.toJS();
  if (data === null || data === undefined) return { ok: true, data: {}, body, bodyStart };
  if (typeof data !== 'object' || Array.isArray(data)) {
    // A `---` rule followed by prose and another rule: not front matter at all.
    return { ok: true, data: null, body: text, bodyStart: 0 };
  }
  return { ok: true, data: data as Record<string, unknown>, body, bodyStart };
}

export type FrontMatterFields =
  | { ok: true; title?: string; groups?: string[]; metadata: Metadata }
  | { ok: false; field: string; reason: string; hint: string };

const GROUP_KEYS = ['groups', 'access'] as const;

/**
 * Reads `title`, `groups` (or `access`) and keeps every other scalar key as metadata; lists of
 * scalars (tags) are joined with ", ", nested objects are dropped (metadata is flat).
 */
export function readFrontMatterFields(data: Record<string, unknown>): FrontMatterFields {
  let title: string | undefined;
  let groups: string[] | undefined;
  const metadata: Metadata = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'title') {
      const text = scalarText(value);
      if (text !== undefined && text.length > 0) title = text;
      continue;
    }
    if ((GROUP_KEYS as readonly string[]).includes(key)) {
      if (groups !== undefined || value === null || value === undefined) continue;
      const parsed = readGroupsValue(value);
      if (parsed === null) {
        return {
          ok: false,
          field: key,
          reason: `front matter "${key}" must be a list of group names or a comma-separated string, with at least one name`,
          hint: `Write e.g. \`${key}: [hr, finance]\`, or remove the key to use the access rules or --groups.`,
        };
      }
      groups = parsed;
      continue;
    }
    const scalar = toMetadataValue(value);
    if (scalar !== undefined) metadata[key] = scalar;
  }
  return {
    ok: true,
    ...(title === undefined ? {} : { title }),
    ...(groups === undefined ? {} : { groups }),
    metadata,
  };
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function toMetadataValue(value: unknown): Metadata[string] | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) {
    return value.map(String).join(', ');
  }
  return undefined;
}

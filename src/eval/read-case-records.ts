import { isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { CaseProblem } from './case-problem.js';

/**
 * Splits a YAML or JSONL file into raw records, each able to say on which line any of its
 * fields sits, so that validation can point at `file:line field` instead of "somewhere in it".
 * Syntax errors become problems; nothing here validates what a record means.
 */

export type FieldPath = readonly (string | number)[];

export interface RawRecord {
  value: unknown;
  /** 1-based line where the record starts. */
  line: number;
  /** Line of the field at `path` (its key's line for mapping entries); the nearest enclosing line when absent. */
  lineOf(path: FieldPath): number;
}

export interface ReadRecordsOptions {
  text: string;
  /** Display name used in problems. */
  file: string;
  kind: 'yaml' | 'jsonl';
  /** The wrapper key also accepted at the top of a YAML file: `cases:` or `examples:`. */
  listKey: string;
  /** What one record is called in messages: "case", "example". */
  noun: string;
}

export interface ReadRecordsResult {
  records: RawRecord[];
  problems: CaseProblem[];
}

export function readRecords(options: ReadRecordsOptions): ReadRecordsResult {
  const text = options.text.replace(/^\uFEFF/, '');
  return options.kind === 'jsonl' ? readJsonLines(text, options) : readYaml(text, options);
}

function readJsonLines(text: string, options: ReadRecordsOptions): ReadRecordsResult {
  const records: RawRecord[] = [];
  const problems: CaseProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((content, index) => {
    const line = index + 1;
    if (content.trim() === '') return;
    try {
      const value: unknown = JSON.parse(content);
      records.push({ value, line, lineOf: () => line });
    } catch (error) {
      problems.push({
        file: options.file,
        line,
        caseId: null,
        field: null,
        message: `not valid JSON (${error instanceof Error ? error.message : String(error)}); this line was not loaded`,
        hint: `Put exactly one complete JSON object per line (one ${options.noun} each); blank lines are allowed.`,
        blocking: true,
      });
    }
  });
  return { records, problems };
}

function readYaml(text: string, options: ReadRecordsOptions): ReadRecordsResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      records: [],
      problems: document.errors.slice(0, 5).map((error) => ({
        file: options.file,
        // linePos is only filled with prettyErrors; pos (offsets) always is.
        line: error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line,
        caseId: null,
        field: null,
        message: `YAML syntax error: ${error.message.split('\n')[0]}; no ${options.noun} in this file was loaded`,
        hint: 'Fix the YAML at that line (indent with spaces; quote values that contain ": " or start with [, {, * or &).',
        blocking: true,
      })),
    };
  }
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null))
    return { records: [], problems: [] };

  const problems: CaseProblem[] = [];
  let items: unknown[] | null = null;
  if (isSeq(contents)) {
    items = contents.items;
  } else if (isMap(contents)) {
    const wrapper = contents.items.find((pair) => isScalar(pair.key) && pair.key.value === options.listKey);
    if (wrapper) {
      for (const pair of contents.items) {
        if (pair === wrapper) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        problems.push({
          file: options.file,
          line: isNode(pair.key) && pair.key.range ? lineAt(pair.key.range[0]) : null,
          caseId: null,
          field: key,
          message: `unknown top-level key "${key}" next to "${options.listKey}"; it was ignored`,
          hint: `Remove it: the top level holds only "${options.listKey}:" (or is the list itself).`,
        });
      }
      if (isSeq(wrapper.value)) items = wrapper.value.items;
      else if (wrapper.value === null || (isScalar(wrapper.value) && wrapper.value.value === null))
        items = [];
    } else if (contents.items.some((pair) => isScalar(pair.key) && pair.key.value === 'question')) {
      // A file holding one record as a mapping: accepted as a list of one.
      items = [contents];
    }
  }
  if (items === null) {
    const range = isNode(contents) ? contents.range : undefined;
    problems.push({
      file: options.file,
      line: range ? lineAt(range[0]) : 1,
      caseId: null,
      field: null,
      message: `expected a list of ${options.noun}s (or "${options.listKey}:" holding one); nothing in this file was loaded`,
      hint: `Start each ${options.noun} with "- " at the top level, e.g. "- id: …\\n  question: …".`,
      blocking: true,
    });
    return { records: [], problems };
  }

  const records: RawRecord[] = [];
  for (const item of items) {
    if (!isNode(item)) continue;
    const node: Node = item;
    const recordLine = node.range ? lineAt(node.range[0]) : 1;
    records.push({
      value: node.toJS(document),
      line: recordLine,
      lineOf: (path) => lineOfPath(node, path, recordLine, lineAt),
    });
  }
  return { records, problems };
}

function lineOfPath(
  root: Node,
  path: FieldPath,
  fallback: number,
  lineAt: (offset: number) => number,
): number {
  let node: unknown = root;
  let line = fallback;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((candidate) => isScalar(candidate.key) && candidate.key.value === segment);
      if (!pair) return line;
      // The key's line, not the value's: a block value starts on the line below its key.
      if (isNode(pair.key) && pair.key.range) line = lineAt(pair.key.range[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (isNode(node) && node.range) line = lineAt(node.range[0]);
    } else {
      return line;
    }
  }
  return line;
}

import type { z } from 'zod';
import { closestMatch } from '../core/text/closest-match.js';
import { type CaseProblem, formatFieldPath } from './case-problem.js';
import { allowedKeys, fieldHints } from './case-schema.js';
import type { RawRecord } from './read-case-records.js';

/**
 * Turns schema issues for one record into problems that name the file, line, case id and field,
 * say what was found, and suggest the closest allowed field name for a typo.
 */

export interface DescribeIssuesOptions {
  issues: readonly z.core.$ZodIssue[];
  record: RawRecord;
  file: string;
  caseId: string | null;
  /** Which record type: decides the allowed top-level keys. */
  kind: 'case' | 'example';
}

export function describeRecordIssues(options: DescribeIssuesOptions): CaseProblem[] {
  const problems: CaseProblem[] = [];
  for (const issue of options.issues) {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push(unknownKeyProblem(options, path, key));
      continue;
    }
    const value = valueAt(options.record.value, path);
    problems.push({
      file: options.file,
      line: options.record.lineOf(path),
      caseId: options.caseId,
      field: path.length === 0 ? null : formatFieldPath(path),
      message: describeIssue(issue, value, path, options.kind),
      hint: hintFor(path, options.kind),
    });
  }
  // In file order, whatever order the schema happened to check fields in.
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function unknownKeyProblem(
  options: DescribeIssuesOptions,
  path: (string | number)[],
  key: string,
): CaseProblem {
  const allowed = allowedKeysAt(path, options.kind);
  const suggestion = closestMatch(key, allowed);
  return {
    file: options.file,
    line: options.record.lineOf([...path, key]),
    caseId: options.caseId,
    field: formatFieldPath([...path, key]),
    message: `unknown field "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    hint: suggestion
      ? `Rename "${key}" to "${suggestion}".`
      : `Remove it; allowed here: ${allowed.join(', ')}.`,
  };
}

function allowedKeysAt(path: (string | number)[], kind: 'case' | 'example'): readonly string[] {
  if (path.length === 0) return kind === 'case' ? allowedKeys.case : allowedKeys.example;
  if (path[0] === 'format') return allowedKeys.format;
  if (path[0] === 'user') return allowedKeys.user;
  if (path[0] === 'mustNotContain') return allowedKeys.mustNotContain;
  return [];
}

function describeIssue(
  issue: z.core.$ZodIssue,
  value: unknown,
  path: (string | number)[],
  kind: 'case' | 'example',
): string {
  if (path.length === 0 && issue.code === 'invalid_type') {
    return `expected a mapping (one ${kind}), got ${describeValue(value)}; it was not loaded`;
  }
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return issue.code === 'invalid_union'
      ? 'is required (text)'
      : `is required (${expectedName(issue.expected)})`;
  }
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined
        ? `is required (${expectedName(issue.expected)})`
        : `expected ${expectedName(issue.expected)}, got ${describeValue(value)}`;
    case 'invalid_union':
      return `expected text, got ${describeValue(value)}`;
    case 'invalid_value':
      return `${describeValue(value)} is not allowed; allowed: ${issue.values.map((allowed) => String(allowed)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' || issue.message === 'must not be empty'
        ? 'must not be empty'
        : issue.origin === 'array'
          ? `must have at least ${String(issue.minimum)} item(s)`
          : `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}, got ${describeValue(value)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}, got ${describeValue(value)}`;
    default:
      return `${issue.message}${value === undefined ? '' : ` (got ${describeValue(value)})`}`;
  }
}

function expectedName(expected: string): string {
  if (expected === 'record' || expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  if (expected === 'int') return 'a whole number';
  return `a ${expected}`;
}

function hintFor(path: (string | number)[], kind: 'case' | 'example'): string {
  const named = path.filter((segment): segment is string => typeof segment === 'string');
  for (let depth = named.length; depth > 0; depth--) {
    const hint = fieldHints[named.slice(0, depth).join('.')];
    if (hint) return hint;
  }
  return kind === 'case'
    ? 'Write the case as a mapping with at least `id` and `question` (see DESIGN.md "Test cases").'
    : 'Write the example as a mapping with `question` and `answer` (optional `tags`).';
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (empty)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const shown = JSON.stringify(value);
  return `${typeof value} ${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}`;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseFormat, CaseStatus, ForbiddenContent, TestCase } from '../core/case-types.js';
import type { CaseProblem } from './case-problem.js';
import { testCaseSchema } from './case-schema.js';
import { compileAnswerPattern } from './checks/format-checks.js';
import { compileJsonSchema } from './compile-json-schema.js';
import { describeRecordIssues } from './describe-record-issues.js';
import { displayPath, listCaseFiles, pathKind, recordKindOf } from './list-case-files.js';
import { type RawRecord, readRecords } from './read-case-records.js';
import { readForbiddenContent } from './read-forbidden-content.js';

/**
 * Loads test cases from cases/ (YAML lists or JSONL, recursively, in a stable order). Every
 * problem is collected with its file, line, case id and field; a broken case or file never
 * stops the others from loading. A case with a problem is left out of `cases`, never half-loaded.
 */

export interface LoadCasesOptions {
  /** Folder of case files (a single .yaml/.yml/.jsonl file also works). */
  directory: string;
  /** Paths in messages are shown relative to this folder, and `directory` resolves against it. Default: cwd. */
  root?: string;
}

export interface LoadCasesResult {
  cases: TestCase[];
  problems: CaseProblem[];
  /** Drafted cases (`knowhow cases draft`) by review state; only accepted ones are in `cases`. */
  drafts: DraftCounts;
}

export interface DraftCounts {
  draft: number;
  accepted: number;
  rejected: number;
}

function noDrafts(): DraftCounts {
  return { draft: 0, accepted: 0, rejected: 0 };
}

export async function loadCases(options: LoadCasesOptions): Promise<LoadCasesResult> {
  const root = path.resolve(options.root ?? process.cwd());
  const target = path.resolve(root, options.directory);
  const shown = displayPath(target, root);
  const kind = await pathKind(target);
  if (kind === 'missing') {
    return {
      cases: [],
      problems: [
        {
          file: shown,
          line: null,
          caseId: null,
          field: null,
          message: 'the cases folder does not exist',
          hint: 'Create it with `knowhow init`, or point `eval.cases` in knowhow.yaml at your cases folder.',
        },
      ],
      drafts: noDrafts(),
    };
  }
  const files = kind === 'directory' ? await listCaseFiles(target) : recordKindOf(target) ? [target] : [];
  if (files.length === 0) {
    return {
      cases: [],
      problems: [
        {
          file: shown,
          line: null,
          caseId: null,
          field: null,
          message: 'no test case files (*.yaml, *.yml, *.jsonl) found',
          hint: 'Add a YAML file of cases, e.g. cases/basics.yaml with "- id: …\\n  question: …".',
        },
      ],
      drafts: noDrafts(),
    };
  }

  const cases: TestCase[] = [];
  const problems: CaseProblem[] = [];
  const drafts = noDrafts();
  const firstSeen = new Map<string, TestCase['origin']>();
  for (const file of files) {
    const parsed = await readCaseFile(file, displayPath(file, root));
    problems.push(...parsed.problems);
    drafts.draft += parsed.drafts.draft;
    drafts.accepted += parsed.drafts.accepted;
    drafts.rejected += parsed.drafts.rejected;
    for (const testCase of parsed.cases) {
      const earlier = firstSeen.get(testCase.id);
      if (earlier) {
        problems.push({
          file: testCase.origin.file,
          line: testCase.origin.line,
          caseId: testCase.id,
          field: 'id',
          message: `duplicate id "${testCase.id}", first defined at ${earlier.file}:${earlier.line}`,
          hint: 'Give every case a unique id (ids name the rows of eval runs and the baselines they are compared with).',
          blocking: true,
        });
        continue;
      }
      firstSeen.set(testCase.id, testCase.origin);
      cases.push(testCase);
    }
  }
  return { cases, problems, drafts };
}

async function readCaseFile(file: string, shown: string): Promise<LoadCasesResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      cases: [],
      problems: [
        {
          file: shown,
          line: null,
          caseId: null,
          field: null,
          message: `cannot be read (${error instanceof Error ? error.message : String(error)})`,
          hint: 'Check the file permissions, or move the file out of the cases folder.',
          blocking: true,
        },
      ],
      drafts: noDrafts(),
    };
  }
  return parseCases({ text, file: shown, kind: recordKindOf(file) ?? 'yaml' });
}

export interface ParseCasesOptions {
  text: string;
  /** Display name used in problems and in each case's origin. */
  file: string;
  kind: 'yaml' | 'jsonl';
}

/** Parses and validates one file's text; duplicate ids are checked across files by `loadCases`. */
export function parseCases(options: ParseCasesOptions): LoadCasesResult {
  const read = readRecords({
    text: options.text,
    file: options.file,
    kind: options.kind,
    listKey: 'cases',
    noun: 'case',
  });
  const cases: TestCase[] = [];
  const problems = [...read.problems];
  const drafts = noDrafts();
  for (const record of read.records) {
    const validated = validateCaseRecord(record, options.file);
    problems.push(...validated.problems);
    if (validated.status) drafts[validated.status] += 1;
    // A draft awaiting review, or one rejected, is read (so its problems are shown) but never evaluated.
    if (validated.testCase && (validated.status === undefined || validated.status === 'accepted'))
      cases.push(validated.testCase);
  }
  return { cases, problems, drafts };
}

function validateCaseRecord(
  record: RawRecord,
  file: string,
): { testCase: TestCase | null; problems: CaseProblem[]; status?: CaseStatus } {
  const caseId = rawCaseId(record.value);
  const result = testCaseSchema.safeParse(record.value);
  if (!result.success) {
    return {
      testCase: null,
      problems: describeRecordIssues({ issues: result.error.issues, record, file, caseId, kind: 'case' }),
    };
  }
  const data = result.data;
  const problems: CaseProblem[] = [];
  const problemAt = (fieldPath: (string | number)[], field: string, message: string, hint: string) =>
    problems.push({ file, line: record.lineOf(fieldPath), caseId: data.id, field, message, hint });

  const format: CaseFormat = {};
  const source = data.format;
  if (source.maxWords !== undefined) format.maxWords = source.maxWords;
  if (source.minWords !== undefined) format.minWords = source.minWords;
  if (source.cite !== undefined) format.cite = source.cite;
  if (source.style !== undefined) format.style = source.style;
  if (source.minWords !== undefined && source.maxWords !== undefined && source.minWords > source.maxWords) {
    problemAt(
      ['format', 'minWords'],
      'format.minWords',
      `minWords (${source.minWords}) is greater than maxWords (${source.maxWords}); no answer could pass`,
      'Lower minWords or raise maxWords.',
    );
  }
  if (source.regex !== undefined) {
    try {
      compileAnswerPattern(source.regex);
      format.regex = source.regex;
    } catch (error) {
      problemAt(
        ['format', 'regex'],
        'format.regex',
        `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
        "Fix the pattern (JavaScript syntax; in YAML, single quotes keep backslashes as written: '^\\d+ days$').",
      );
    }
  }
  if (source.jsonSchema !== undefined) {
    const compiled = compileJsonSchema(source.jsonSchema);
    if (compiled.ok) {
      format.jsonSchema = source.jsonSchema;
    } else {
      problemAt(
        ['format', 'jsonSchema'],
        'format.jsonSchema',
        `is not a valid JSON Schema (Ajv: ${compiled.message})`,
        'Fix the schema so that it validates against its draft (2020-12 unless $schema says otherwise); check keyword spelling and "type" values.',
      );
    }
  }
  const mustNotContain: ForbiddenContent[] = readForbiddenContent({
    entries: data.mustNotContain,
    reference: data.answer,
    facts: data.facts,
    problemAt,
  });
  const status = data.status === undefined ? {} : { status: data.status };
  if (problems.length > 0) return { testCase: null, problems, ...status };

  const testCase: TestCase = {
    id: data.id,
    question: data.question,
    ...(data.answer === undefined ? {} : { answer: data.answer }),
    // Copies: schema defaults are shared objects, and no case may alias another's lists.
    facts: [...data.facts],
    ...(mustNotContain.length === 0 ? {} : { mustNotContain }),
    sources: [...data.sources],
    format,
    user: { groups: [...data.user.groups] },
    tags: [...data.tags],
    split: data.split,
    ...(data.status === 'accepted' ? { status: 'accepted' as const } : {}),
    origin: { file, line: record.line },
  };
  return { testCase, problems, ...status };
}

function rawCaseId(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const id = (value as Record<string, unknown>).id;
  if (typeof id === 'string' && id.trim() !== '') return id.trim();
  if (typeof id === 'number') return String(id);
  return null;
}

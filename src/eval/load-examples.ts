import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FewShotExample, TestCase } from '../core/case-types.js';
import type { CaseProblem } from './case-problem.js';
import { fewShotExampleSchema } from './case-schema.js';
import { describeRecordIssues } from './describe-record-issues.js';
import { displayPath, listCaseFiles, pathKind, recordKindOf } from './list-case-files.js';
import { readRecords } from './read-case-records.js';

/**
 * Loads few-shot worked examples ({question, answer, tags?}) from a YAML/JSONL file or a folder
 * of them. Like cases, every problem is collected and the valid examples still load.
 */

export interface LoadExamplesOptions {
  /** A file or a folder (searched recursively). */
  path: string;
  /** Paths in messages are shown relative to this folder, and `path` resolves against it. Default: cwd. */
  root?: string;
}

export interface LoadExamplesResult {
  examples: FewShotExample[];
  problems: CaseProblem[];
}

export async function loadExamples(options: LoadExamplesOptions): Promise<LoadExamplesResult> {
  const root = path.resolve(options.root ?? process.cwd());
  const target = path.resolve(root, options.path);
  const shown = displayPath(target, root);
  const kind = await pathKind(target);
  const noFiles = (message: string): LoadExamplesResult => ({
    examples: [],
    problems: [
      {
        file: shown,
        line: null,
        caseId: null,
        field: null,
        message,
        hint: 'Point `eval.examples` in knowhow.yaml at a YAML file (or folder) of "- question: …\\n  answer: …" items.',
      },
    ],
  });
  if (kind === 'missing') return noFiles('the few-shot examples file or folder does not exist');
  const files = kind === 'directory' ? await listCaseFiles(target) : [target];
  if (files.length === 0) return noFiles('no example files (*.yaml, *.yml, *.jsonl) found');

  const examples: FewShotExample[] = [];
  const problems: CaseProblem[] = [];
  for (const file of files) {
    const fileShown = displayPath(file, root);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      problems.push({
        file: fileShown,
        line: null,
        caseId: null,
        field: null,
        message: `cannot be read (${error instanceof Error ? error.message : String(error)})`,
        hint: 'Check the path and file permissions.',
      });
      continue;
    }
    const parsed = parseExamples({ text, file: fileShown, kind: recordKindOf(file) ?? 'yaml' });
    examples.push(...parsed.examples);
    problems.push(...parsed.problems);
  }
  return { examples, problems };
}

export interface ParseExamplesOptions {
  text: string;
  file: string;
  kind: 'yaml' | 'jsonl';
}

export function parseExamples(options: ParseExamplesOptions): LoadExamplesResult {
  const read = readRecords({
    text: options.text,
    file: options.file,
    kind: options.kind,
    listKey: 'examples',
    noun: 'example',
  });
  const examples: FewShotExample[] = [];
  const problems = [...read.problems];
  for (const record of read.records) {
    const result = fewShotExampleSchema.safeParse(record.value);
    if (!result.success) {
      problems.push(
        ...describeRecordIssues({
          issues: result.error.issues,
          record,
          file: options.file,
          caseId: null,
          kind: 'example',
        }),
      );
      continue;
    }
    examples.push({
      question: result.data.question,
      answer: result.data.answer,
      tags: [...result.data.tags],
      origin: { file: options.file, line: record.line },
    });
  }
  return { examples, problems };
}

/** Training cases with a reference answer are worked examples too (and never eval questions). */
export function examplesFromTrainingCases(cases: readonly TestCase[]): FewShotExample[] {
  return cases
    .filter((testCase) => testCase.split === 'train' && testCase.answer)
    .map((testCase) => ({
      question: testCase.question,
      answer: testCase.answer!,
      tags: testCase.tags,
      origin: testCase.origin,
    }));
}

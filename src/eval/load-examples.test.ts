import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadExamples, parseExamples } from './load-examples.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(relative: string, text: string): Promise<void> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

describe('loadExamples', () => {
  it('loads a YAML file of worked examples with their lines', async () => {
    await write(
      'examples.yaml',
      '- question: How do I reset my password?\n  answer: Use the link on the sign-in page.\n  tags: [account]\n- question: Who are you?\n  answer: A support assistant.\n',
    );
    const { examples, problems } = await loadExamples({ path: 'examples.yaml', root });
    expect(problems).toEqual([]);
    expect(examples).toEqual([
      {
        question: 'How do I reset my password?',
        answer: 'Use the link on the sign-in page.',
        tags: ['account'],
        origin: { file: 'examples.yaml', line: 1 },
      },
      {
        question: 'Who are you?',
        answer: 'A support assistant.',
        tags: [],
        origin: { file: 'examples.yaml', line: 4 },
      },
    ]);
  });

  it('loads a folder of YAML and JSONL files, {examples: [...]} included, in sorted order', async () => {
    await write('shots/b.jsonl', '{"question":"q2","answer":"a2"}\n');
    await write('shots/a.yaml', 'examples:\n  - question: q1\n    answer: a1\n');
    const { examples, problems } = await loadExamples({ path: 'shots', root });
    expect(problems).toEqual([]);
    expect(examples.map((example) => [example.question, example.origin.file, example.origin.line])).toEqual([
      ['q1', 'shots/a.yaml', 2],
      ['q2', 'shots/b.jsonl', 1],
    ]);
  });

  it('reports bad examples with line, field and suggestion, keeping the good ones', () => {
    const { examples, problems } = parseExamples({
      text: '- question: q1\n  answr: a1\n- question: q2\n- question: q3\n  answer: a3\n',
      file: 'examples.yaml',
      kind: 'yaml',
    });
    expect(examples.map((example) => example.question)).toEqual(['q3']);
    expect(problems.map((problem) => [problem.line, problem.field, problem.message])).toEqual([
      [1, 'answer', 'is required (text)'],
      [2, 'answr', 'unknown field "answr" (did you mean "answer"?)'],
      [3, 'answer', 'is required (text)'],
    ]);
  });

  it('reports a YAML syntax error with its line, and a missing path', async () => {
    const broken = parseExamples({
      text: '- question: "unclosed\n  answer: a\n',
      file: 'e.yaml',
      kind: 'yaml',
    });
    expect(broken.examples).toEqual([]);
    expect(broken.problems[0]?.line).toBeTypeOf('number');
    expect(broken.problems[0]?.message).toContain('YAML syntax error');
    const missing = await loadExamples({ path: 'nowhere.yaml', root });
    expect(missing.problems[0]).toMatchObject({ file: 'nowhere.yaml', line: null });
    expect(missing.problems[0]?.message).toContain('does not exist');
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockingProblems, formatCaseProblems } from './case-problem.js';
import { loadCases, parseCases } from './load-cases.js';

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

const designExample = `- id: refund-window
  question: How long do customers have to ask for a refund?
  answer: 30 days from the purchase date.
  facts: ["30 days"]
  sources: ["billing/refunds.md"]
  format: { maxWords: 60, cite: required }
  user: { groups: [support] }
  tags: [billing]
`;

describe('loadCases', () => {
  it('evaluates drafted cases only once accepted, and counts drafted vs accepted', async () => {
    await write('cases/billing.yaml', designExample);
    await write(
      'cases/drafts/drafts-1.yaml',
      [
        '- { id: d-waiting, question: How long is the trial?, facts: [21 days], status: draft, drafter: extractive, passage: plans/free-trial.md#0 }',
        '- { id: d-ok, question: What does Starter cost?, facts: [$14], status: accepted, drafter: "model:openai-compatible/gpt-test" }',
        '- { id: d-no, question: What is a seat?, status: rejected, feedback: fb-1 }',
        '',
      ].join('\n'),
    );
    const { cases, problems, drafts } = await loadCases({ directory: 'cases', root });
    expect(problems).toEqual([]);
    expect(cases.map((testCase) => [testCase.id, testCase.status])).toEqual([
      ['refund-window', undefined],
      ['d-ok', 'accepted'],
    ]);
    expect(drafts).toEqual({ draft: 1, accepted: 1, rejected: 1 });
  });

  it('loads the DESIGN.md example with defaults and its origin line', async () => {
    await write(
      'cases/billing.yaml',
      `# billing cases\n${designExample}- id: plain\n  question: What is knowhow?\n`,
    );
    const { cases, problems } = await loadCases({ directory: 'cases', root });
    expect(problems).toEqual([]);
    expect(cases).toEqual([
      {
        id: 'refund-window',
        question: 'How long do customers have to ask for a refund?',
        answer: '30 days from the purchase date.',
        facts: ['30 days'],
        sources: ['billing/refunds.md'],
        format: { maxWords: 60, cite: 'required' },
        user: { groups: ['support'] },
        tags: ['billing'],
        split: 'eval',
        origin: { file: 'cases/billing.yaml', line: 2 },
      },
      {
        id: 'plain',
        question: 'What is knowhow?',
        facts: [],
        sources: [],
        format: {},
        user: { groups: ['public'] },
        tags: [],
        split: 'eval',
        origin: { file: 'cases/billing.yaml', line: 10 },
      },
    ]);
  });

  it('reads YAML, {cases: [...]} and JSONL recursively in sorted order, skipping other files', async () => {
    await write(
      'cases/b.jsonl',
      '{"id":"j1","question":"q1"}\n\n{"id":"j2","question":"q2","split":"train"}\n',
    );
    await write('cases/a/nested.yml', 'cases:\n  - id: y1\n    question: q\n');
    await write('cases/notes.md', '# not cases');
    await write('cases/.hidden.yaml', '- id: hidden\n  question: q\n');
    const { cases, problems } = await loadCases({ directory: 'cases', root });
    expect(problems).toEqual([]);
    expect(
      cases.map((testCase) => [testCase.id, testCase.origin.file, testCase.origin.line, testCase.split]),
    ).toEqual([
      ['y1', 'cases/a/nested.yml', 2, 'eval'],
      ['j1', 'cases/b.jsonl', 1, 'eval'],
      ['j2', 'cases/b.jsonl', 3, 'train'],
    ]);
  });

  it('keeps numbers YAML produced as text and takes a single string as a list of one', async () => {
    await write('cases/n.yaml', '- id: 7\n  question: What is 6 times 7?\n  answer: 42\n  facts: 42\n');
    const { cases, problems } = await loadCases({ directory: 'cases', root });
    expect(problems).toEqual([]);
    expect(cases[0]).toMatchObject({ id: '7', answer: '42', facts: ['42'] });
  });

  it('reports a YAML syntax error with its line and still loads the other files', async () => {
    await write('cases/good.yaml', '- id: good\n  question: q\n');
    await write('cases/bad.yaml', '- id: bad\n  question: q\n  facts: [unclosed\n- id: other\n');
    const { cases, problems } = await loadCases({ directory: 'cases', root });
    expect(cases.map((testCase) => testCase.id)).toEqual(['good']);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: 'cases/bad.yaml', caseId: null });
    expect(problems[0]?.line).toBeGreaterThanOrEqual(3);
    expect(problems[0]?.line).toBeLessThanOrEqual(4);
    expect(problems[0]?.message).toContain('YAML syntax error');
    expect(formatCaseProblems(problems)).toMatch(/^cases\/bad\.yaml:\d+: YAML syntax error/);
  });

  it('reports a malformed JSONL line with its number and keeps the other lines', async () => {
    await write(
      'cases/c.jsonl',
      '{"id":"a","question":"q"}\n{"id":"b", question}\n{"id":"c","question":"q"}\n',
    );
    const { cases, problems } = await loadCases({ directory: 'cases', root });
    expect(cases.map((testCase) => testCase.id)).toEqual(['a', 'c']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'cases/c.jsonl', line: 2 });
    expect(problems[0]?.message).toContain('not valid JSON');
  });

  it('names the line of an unknown field and suggests the field meant', async () => {
    await write('cases/typo.yaml', '- id: one\n  question: q\n  fcts: ["x"]\n  format:\n    maxWord: 5\n');
    const { cases, problems } = await loadCases({ directory: 'cases', root });
    expect(cases).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'cases/typo.yaml',
        line: 3,
        caseId: 'one',
        field: 'fcts',
        message: 'unknown field "fcts" (did you mean "facts"?)',
        hint: 'Rename "fcts" to "facts".',
      }),
      expect.objectContaining({
        line: 5,
        field: 'format.maxWord',
        message: 'unknown field "maxWord" (did you mean "maxWords"?)',
      }),
    ]);
    expect(formatCaseProblems(problems).split('\n')[0]).toBe(
      'cases/typo.yaml:3 case "one" field fcts: unknown field "fcts" (did you mean "facts"?) — fix: Rename "fcts" to "facts".',
    );
  });

  it('lists the allowed fields when nothing is close', async () => {
    const { problems } = parseCases({
      text: '- id: x\n  question: q\n  zzzzzzzz: 1\n',
      file: 'c.yaml',
      kind: 'yaml',
    });
    expect(problems[0]?.hint).toContain('allowed here: id, question, answer, facts');
  });

  it('reports missing and mistyped fields with what was found', async () => {
    const { cases, problems } = parseCases({
      text: '- id: a\n- id: b\n  question: ""\n- id: c\n  question: q\n  format: { cite: always, maxWords: -3 }\n  split: test\n- just text\n',
      file: 'cases/x.yaml',
      kind: 'yaml',
    });
    expect(cases).toEqual([]);
    const byField = problems.map((problem) => [problem.line, problem.caseId, problem.field, problem.message]);
    expect(byField).toEqual([
      [1, 'a', 'question', 'is required (text)'],
      [3, 'b', 'question', 'must not be empty'],
      [6, 'c', 'format.maxWords', 'must be greater than 0, got number -3'],
      [6, 'c', 'format.cite', 'string "always" is not allowed; allowed: required, forbidden, optional'],
      [7, 'c', 'split', 'string "test" is not allowed; allowed: eval, train'],
      [8, null, null, 'expected a mapping (one case), got string "just text"; it was not loaded'],
    ]);
    expect(problems.find((problem) => problem.field === 'question')?.hint).toContain('question');
  });

  it('reports a duplicate id naming both places as a blocking problem', async () => {
    await write('cases/a.yaml', '- id: same\n  question: first\n');
    await write('cases/b.yaml', '- id: other\n  question: q\n- id: same\n  question: second\n');
    const { cases, problems } = await loadCases({ directory: 'cases', root });
    expect(cases.map((testCase) => testCase.question)).toEqual(['first', 'q']);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'cases/b.yaml',
        line: 3,
        caseId: 'same',
        field: 'id',
        message: 'duplicate id "same", first defined at cases/a.yaml:1',
        blocking: true,
      }),
    ]);
  });

  it('marks files that do not parse as blocking, and a single invalid case as not', async () => {
    await write('cases/a.yaml', '- id: ok\n  question: fine\n- id: bad\n  question: q\n  split: nowhere\n');
    await write('cases/b.yaml', '- id: x\n  question: [unclosed\n');
    await write('cases/c.jsonl', '{"id":"j1","question":"q"}\n{"id": j2}\n');
    await write('cases/d.yaml', 'just: a mapping\n');
    const { cases, problems } = await loadCases({ directory: 'cases', root });
    expect(cases.map((testCase) => testCase.id)).toEqual(['ok', 'j1']);
    const blocking = blockingProblems(problems).map((problem) => `${problem.file}:${problem.line}`);
    expect(blocking).toEqual(['cases/b.yaml:3', 'cases/c.jsonl:2', 'cases/d.yaml:1']);
    expect(problems.some((problem) => problem.caseId === 'bad' && !problem.blocking)).toBe(true);
  });

  it('rejects a regex that does not compile, naming the case and field', async () => {
    const { cases, problems } = parseCases({
      text: '- id: rx\n  question: q\n  format:\n    regex: "([a-z]+"\n',
      file: 'cases/f.yaml',
      kind: 'yaml',
    });
    expect(cases).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, caseId: 'rx', field: 'format.regex' });
    expect(problems[0]?.message).toMatch(/^is not a valid regular expression: .*Unterminated group/);
  });

  it('rejects a JSON Schema that is itself invalid, quoting Ajv', async () => {
    const text = [
      '- id: plan-json',
      '  question: q',
      '  format:',
      '    jsonSchema:',
      '      type: object',
      '      properties:',
      '        steps: { type: lits }',
      '- id: typo-keyword',
      '  question: q',
      '  format:',
      '    jsonSchema: { type: object, requird: [steps] }',
      '- id: good-json',
      '  question: q',
      '  format:',
      '    jsonSchema: \'{"type": "object", "required": ["steps"]}\'',
    ].join('\n');
    const { cases, problems } = parseCases({ text, file: 'cases/formats.yaml', kind: 'yaml' });
    expect(cases.map((testCase) => testCase.id)).toEqual(['good-json']);
    expect(cases[0]?.format.jsonSchema).toEqual({ type: 'object', required: ['steps'] });
    expect(problems.map((problem) => [problem.line, problem.caseId, problem.field])).toEqual([
      [4, 'plan-json', 'format.jsonSchema'],
      [11, 'typo-keyword', 'format.jsonSchema'],
    ]);
    expect(problems[0]?.message).toContain(
      'is not a valid JSON Schema (Ajv: schema is invalid: data/properties/steps/type',
    );
    expect(problems[1]?.message).toContain('unknown keyword: "requird"');
    expect(formatCaseProblems(problems)).toMatch(
      /^cases\/formats\.yaml:4 case "plan-json" field format\.jsonSchema: .* — fix: /,
    );
  });

  it('rejects minWords above maxWords', () => {
    const { problems } = parseCases({
      text: '- id: w\n  question: q\n  format: { minWords: 10, maxWords: 5 }\n',
      file: 'c.yaml',
      kind: 'yaml',
    });
    expect(problems[0]).toMatchObject({ field: 'format.minWords', line: 3 });
    expect(problems[0]?.message).toContain('greater than maxWords');
  });

  it('says so when the folder is missing or holds no case files', async () => {
    const missing = await loadCases({ directory: 'nope', root });
    expect(missing.problems[0]).toMatchObject({
      file: 'nope',
      line: null,
      message: 'the cases folder does not exist',
    });
    await write('empty/readme.md', 'x');
    const empty = await loadCases({ directory: 'empty', root });
    expect(empty.problems[0]?.message).toContain('no test case files');
  });

  it('reports a top level that is not a list, and extra top-level keys', () => {
    const notList = parseCases({ text: 'hello: world\n', file: 'c.yaml', kind: 'yaml' });
    expect(notList.problems[0]?.message).toContain('expected a list of cases');
    const extra = parseCases({
      text: 'defaults: {}\ncases:\n  - id: a\n    question: q\n',
      file: 'c.yaml',
      kind: 'yaml',
    });
    expect(extra.cases).toHaveLength(1);
    expect(extra.problems[0]).toMatchObject({ line: 1, field: 'defaults' });
  });

  it('treats an empty file as holding no cases, without a problem', () => {
    expect(parseCases({ text: '# nothing yet\n', file: 'c.yaml', kind: 'yaml' })).toEqual({
      cases: [],
      problems: [],
      drafts: { draft: 0, accepted: 0, rejected: 0 },
    });
  });

  it('shows absolute paths for files outside the display root', async () => {
    await write('cases/x.yaml', '- id: a\n');
    const { problems } = await loadCases({
      directory: path.join(root, 'cases'),
      root: os.homedir() === root ? '/' : path.join(root, 'elsewhere'),
    });
    expect(problems[0]?.file).toBe(path.join(root, 'cases', 'x.yaml'));
  });
});

describe('mustNotContain', () => {
  const parse = (body: string) =>
    parseCases({
      text: `- id: retries\n  question: How often are webhooks retried?\n${body}`,
      file: 'cases/c.yaml',
      kind: 'yaml',
    });

  it('takes strings and { regex, flags } (default flags "i"), a single entry as a list of one', () => {
    const many = parse(
      `  mustNotContain: ["up to 5 times", { regex: '\\bare retried 5 times' }, { regex: 'X', flags: '' }]\n`,
    );
    expect(many.problems).toEqual([]);
    expect(many.cases[0]?.mustNotContain).toEqual([
      { text: 'up to 5 times' },
      { regex: '\\bare retried 5 times', flags: 'i' },
      { regex: 'X', flags: '' },
    ]);
    expect(parse('  mustNotContain: 7 days\n').cases[0]?.mustNotContain).toEqual([{ text: '7 days' }]);
    expect(parse("  mustNotContain: { regex: 'a+' }\n").cases[0]?.mustNotContain).toEqual([
      { regex: 'a+', flags: 'i' },
    ]);
    expect(parse('  facts: ["8"]\n').cases[0]).not.toHaveProperty('mustNotContain');
  });

  it('reports a bad regex, bad flags, a misspelt key and an empty entry with file, line and field', () => {
    const problemOf = (entry: string) =>
      formatCaseProblems(parse(`  mustNotContain:\n    - ${entry}\n`).problems);
    expect(problemOf("{ regex: '(unclosed' }")).toMatch(
      /^cases\/c\.yaml:4 case "retries" field mustNotContain\[0\]\.regex: is not a valid regular expression: .*Unterminated group.* — fix: Fix the pattern/,
    );
    expect(problemOf("{ regex: 'a', flags: 'gi' }")).toMatch(
      /^cases\/c\.yaml:4 case "retries" field mustNotContain\[0\]\.flags: flag\(s\) "g" not allowed here — fix: Use flags among "imsuv"/,
    );
    expect(problemOf("{ regexp: 'a' }")).toBe(
      'cases/c.yaml:4 case "retries" field mustNotContain[0].regexp: unknown field "regexp" (did you mean "regex"?) — fix: Rename "regexp" to "regex".',
    );
    expect(problemOf('""')).toMatch(
      /^cases\/c\.yaml:4 case "retries" field mustNotContain\[0\]\.text: must not be empty — fix: Write the text/,
    );
    expect(problemOf("{ text: 'a', flags: 'i' }")).toMatch(
      /field mustNotContain\[0\]\.flags: `flags` only applies to a `regex`/,
    );
    for (const entry of ['{}', '[a]', 'null'])
      expect(parse(`  mustNotContain:\n    - ${entry}\n`).cases).toEqual([]);
  });

  it('refuses an entry that the case’s own reference answer or facts state', () => {
    const result = parse(
      [
        '  answer: Up to 8 times over 24 hours (it used to be 5 times over 6 hours).',
        '  facts: ["8"]',
        '  mustNotContain: ["5 times over 6 hours", "8"]',
        '',
      ].join('\n'),
    );
    expect(result.cases).toEqual([]);
    expect(result.problems.map((problem) => [problem.line, problem.field, problem.message])).toEqual([
      [
        5,
        'mustNotContain[0]',
        'the case\'s own reference answer states "5 times over 6 hours", so the reference answer would fail',
      ],
      [5, 'mustNotContain[1]', expect.stringContaining('reference answer states "8"')],
    ]);
  });
});

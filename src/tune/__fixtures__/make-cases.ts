import type { FewShotExample, TestCase } from '../../core/case-types.js';

/** Test cases and examples for tune tests, with only the fields that matter set. */
export function makeCase(overrides: Partial<TestCase> & { id: string; question: string }): TestCase {
  return {
    facts: [],
    sources: [],
    format: {},
    user: { groups: ['public'] },
    tags: [],
    split: 'eval',
    origin: { file: 'cases/test.yaml', line: 1 },
    ...overrides,
  };
}

export function makeExample(question: string, answer: string, tags: string[] = [], line = 1): FewShotExample {
  return { question, answer, tags, origin: { file: 'examples/few-shot.yaml', line } };
}

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { constraintsSchema } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import { adviseQuestions, parseAdviseAnswers, parseAnswerText } from './advise-questions.js';
import { recommend } from './decision-matrix.js';

function question(id: string) {
  const found = adviseQuestions.find((entry) => entry.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
}

function caught(run: () => unknown): KnowhowError {
  try {
    run();
  } catch (error) {
    if (KnowhowError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a KnowhowError');
}

describe('adviseQuestions', () => {
  it('asks about every decision factor once, choices with labels, defaults from the config schema', () => {
    expect(adviseQuestions.map((entry) => entry.id)).toEqual([
      'knowledgeChanges',
      'taskType',
      'latencyTargetMs',
      'queriesPerDay',
      'monthlyBudget',
      'trainingRunBudget',
      'teamSkills',
      'failureMode',
      'trainingExamples',
      'citationsNeeded',
      'accessControlNeeded',
    ]);
    const defaults = constraintsSchema.parse({});
    expect(question('knowledgeChanges').default).toBe(defaults.knowledgeChanges);
    expect(question('queriesPerDay').default).toBe(defaults.queriesPerDay);
    expect(question('trainingExamples').default).toBeNull();
    expect(question('taskType').choices?.map((choice) => choice.value)).toEqual(
      constraintsSchema.shape.taskType.unwrap().options,
    );
    for (const entry of adviseQuestions) {
      if (entry.type === 'choice') {
        expect(entry.choices?.length).toBeGreaterThan(1);
        for (const choice of entry.choices ?? []) expect(choice.label.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('parseAdviseAnswers', () => {
  it('reads an answers.yaml into the decision input, defaults for what is left out', () => {
    const raw = parseYaml(
      [
        'knowledgeChanges: daily',
        'taskType: search',
        'queriesPerDay: "250,000"',
        'monthlyBudget: 1500',
        'teamSkills: neither',
        'failureMode: missing-facts',
        'trainingExamples: null',
        'citationsNeeded: yes',
      ].join('\n'),
    );
    const input = parseAdviseAnswers(raw, 'answers.yaml');
    expect(input.failureMode).toBe('missing-facts');
    expect(input.constraints).toEqual({
      ...constraintsSchema.parse({}),
      knowledgeChanges: 'daily',
      taskType: 'search',
      queriesPerDay: 250_000,
      monthlyBudget: 1500,
      teamSkills: 'neither',
      citationsNeeded: true,
    });
    expect('trainingExamples' in input.constraints).toBe(false);
    expect(recommend(input).architecture).toBe('rag');
  });

  it('treats an empty file as all defaults', () => {
    expect(parseAdviseAnswers(null, 'answers.yaml')).toEqual({
      constraints: constraintsSchema.parse({}),
      failureMode: 'unknown',
    });
  });

  it('names every bad field with its allowed values', () => {
    const error = caught(() =>
      parseAdviseAnswers(
        { knowledgeChange: 'daily', taskType: 'chat', queriesPerDay: 'lots', citationsNeeded: 'maybe' },
        'answers.yaml',
      ),
    );
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('answers.yaml is not a valid answers file');
    expect(error.message).toContain('unknown answer "knowledgeChange". Did you mean "knowledgeChanges"?');
    expect(error.message).toMatch(
      /taskType: "chat" is not allowed\. Allowed: question-answering, search, .*code-house-style\./,
    );
    expect(error.message).toContain(
      'queriesPerDay: expected a whole number, 0 or more (queries/day), got "lots".',
    );
    expect(error.message).toContain('citationsNeeded: expected yes or no, got "maybe".');
    expect(error.hint).toBeDefined();
    expect(error.details.file).toBe('answers.yaml');
  });

  it('rejects a list instead of a mapping', () => {
    expect(caught(() => parseAdviseAnswers(['daily'], 'answers.yaml')).message).toContain(
      'expected a mapping',
    );
  });
});

describe('parseAnswerText', () => {
  it('accepts a choice by value, number or label, and blank for the default', () => {
    const changes = question('knowledgeChanges');
    expect(parseAnswerText(changes, 'daily')).toBe('daily');
    expect(parseAnswerText(changes, '2')).toBe('daily');
    expect(parseAnswerText(changes, 'Rarely or never')).toBe('stable');
    expect(parseAnswerText(changes, '  ')).toBe(changes.default);
  });

  it('reads numbers as people type them and booleans as yes/no', () => {
    expect(parseAnswerText(question('queriesPerDay'), '10k')).toBe(10_000);
    expect(parseAnswerText(question('queriesPerDay'), '1,500')).toBe(1500);
    expect(parseAnswerText(question('trainingExamples'), '')).toBeNull();
    expect(parseAnswerText(question('citationsNeeded'), 'y')).toBe(true);
    expect(parseAnswerText(question('accessControlNeeded'), 'no')).toBe(false);
  });

  it('says what is allowed when an answer is not', () => {
    const error = caught(() => parseAnswerText(question('teamSkills'), 'mlops'));
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain('Did you mean "ml-ops"?');
    expect(error.message).toContain('Allowed: data-engineering, ml-ops, both, neither.');
    expect(caught(() => parseAnswerText(question('latencyTargetMs'), 'fast')).message).toContain(
      'not a number of ms',
    );
  });
});

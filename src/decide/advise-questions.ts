import { z } from 'zod';
import { type ConstraintsConfig, constraintsSchema } from '../core/config/constraints-schema.js';
import { parseOnce } from '../core/config/parse-once.js';
import { KnowhowError } from '../core/errors.js';
import { closestMatch } from '../core/text/closest-match.js';
import type { DecisionInput, FailureMode } from './decision-matrix.js';

/**
 * The questions `knowhow advise` asks, and the validation of an answers file. The ids are the
 * keys of knowhow.yaml's `constraints:` section (plus `failureMode`), so an answers file and the
 * config section read the same.
 */
export type AdviseAnswerId = keyof ConstraintsConfig | 'failureMode';

export interface AdviseChoice {
  value: string;
  label: string;
}

export type AdviseAnswerValue = string | number | boolean;

export interface AdviseQuestion {
  id: AdviseAnswerId;
  prompt: string;
  /** How the answer is used, shown under the prompt. */
  help: string;
  type: 'choice' | 'number' | 'boolean';
  choices?: AdviseChoice[];
  /** null: no default, the answer may be left blank (unknown). */
  default: AdviseAnswerValue | null;
  unit?: string;
}

const defaults = constraintsSchema.parse({}, parseOnce);

const choices = {
  knowledgeChanges: [
    { value: 'realtime', label: 'in real time (prices, stock, tickets)' },
    { value: 'daily', label: 'daily' },
    { value: 'weekly', label: 'weekly' },
    { value: 'monthly', label: 'monthly' },
    { value: 'quarterly', label: 'quarterly' },
    { value: 'stable', label: 'rarely or never' },
  ],
  taskType: [
    { value: 'question-answering', label: 'question answering' },
    { value: 'search', label: 'search' },
    { value: 'document-synthesis', label: 'document synthesis (reports, summaries across documents)' },
    { value: 'classification', label: 'classification' },
    { value: 'extraction', label: 'extraction (fields from text)' },
    { value: 'format-compliance', label: 'format compliance (a strict output format)' },
    { value: 'tone-persona', label: 'tone or persona' },
    { value: 'code-house-style', label: 'code in a house style' },
  ],
  teamSkills: [
    { value: 'data-engineering', label: 'data engineering (pipelines, indexes)' },
    { value: 'ml-ops', label: 'ML ops (training jobs, model serving)' },
    { value: 'both', label: 'both' },
    { value: 'neither', label: 'neither' },
  ],
  failureMode: [
    { value: 'missing-facts', label: 'it lacks facts (wrong or made-up answers)' },
    { value: 'wrong-behaviour', label: 'it has the facts but the wrong format, tone or structure' },
    { value: 'both', label: 'both' },
    { value: 'unknown', label: 'not known yet' },
  ],
} satisfies Partial<Record<AdviseAnswerId, AdviseChoice[]>>;

export const adviseQuestions: readonly AdviseQuestion[] = [
  {
    id: 'knowledgeChanges',
    prompt: 'How often does the knowledge the model needs change?',
    help: 'Frequent change favours retrieval: a fine-tuned model needs a retrain for every change.',
    type: 'choice',
    choices: choices.knowledgeChanges,
    default: defaults.knowledgeChanges,
  },
  {
    id: 'taskType',
    prompt: 'What is the task?',
    help: 'Fact-heavy tasks lean to retrieval; format, tone and style lean to fine-tuning.',
    type: 'choice',
    choices: choices.taskType,
    default: defaults.taskType,
  },
  {
    id: 'latencyTargetMs',
    prompt: 'Latency target per answer, in milliseconds?',
    help: 'Retrieval adds time; under ~200 ms favours a tuned model without retrieval.',
    type: 'number',
    default: defaults.latencyTargetMs,
    unit: 'ms',
  },
  {
    id: 'queriesPerDay',
    prompt: 'Queries per day?',
    help: "The token cost of stuffed context grows with volume; a tuned small model's cost is mostly fixed.",
    type: 'number',
    default: defaults.queriesPerDay,
    unit: 'queries/day',
  },
  {
    id: 'monthlyBudget',
    prompt: 'Monthly infrastructure budget (blank if none)?',
    help: 'Architectures projected over it are ruled out when another fits.',
    type: 'number',
    default: null,
    unit: 'USD/month',
  },
  {
    id: 'trainingRunBudget',
    prompt: 'Budget per training run (blank if none, 0 for no training)?',
    help: 'A run that costs more than this rules out fine-tuning and hybrid.',
    type: 'number',
    default: null,
    unit: 'USD',
  },
  {
    id: 'teamSkills',
    prompt: 'What can the team build and run?',
    help: 'Without ML ops, self-hosted fine-tuning is out of reach.',
    type: 'choice',
    choices: choices.teamSkills,
    default: defaults.teamSkills,
  },
  {
    id: 'failureMode',
    prompt: 'Where does the model fail today?',
    help: '`knowhow diagnose` measures this on your own test cases instead.',
    type: 'choice',
    choices: choices.failureMode,
    default: 'unknown',
  },
  {
    id: 'trainingExamples',
    prompt: 'How many clean training examples (question and ideal answer) exist (blank if unknown)?',
    help: 'Under ~1,000, invest in prompting and RAG first.',
    type: 'number',
    default: null,
    unit: 'examples',
  },
  {
    id: 'citationsNeeded',
    prompt: 'Must answers cite their sources?',
    help: 'Only retrieval gives the model passages to cite.',
    type: 'boolean',
    default: defaults.citationsNeeded,
  },
  {
    id: 'accessControlNeeded',
    prompt: 'May different users see different documents (per-user access control)?',
    help: 'Retrieval filters by the reader’s groups; a fine-tuned model shows every user what it learned.',
    type: 'boolean',
    default: defaults.accessControlNeeded,
  },
];

/** Accepts `1000`, `"1,000"`, `"1_000"`, `"10k"`, `"1.5m"`: answers typed by people. */
function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^\s*([0-9][0-9,_]*(?:\.[0-9]+)?)\s*([kKmM]?)\s*$/.exec(value);
  if (!match) return value;
  const base = Number(match[1]!.replace(/[,_]/g, ''));
  const scale = match[2]?.toLowerCase() === 'k' ? 1e3 : match[2]?.toLowerCase() === 'm' ? 1e6 : 1;
  return Math.round(base * scale * 1e6) / 1e6;
}

const truthy = new Set(['true', 'yes', 'y', 'on', '1']);
const falsy = new Set(['false', 'no', 'n', 'off', '0']);

function toBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  if (truthy.has(lower)) return true;
  if (falsy.has(lower)) return false;
  return value;
}

const count = z.preprocess(toNumber, z.number().int().min(0));
const amount = z.preprocess(toNumber, z.number().min(0));
const flag = z.preprocess(toBoolean, z.boolean());
const enumOf = <T extends string>(values: readonly { value: T }[]) =>
  z.enum(values.map((choice) => choice.value) as [T, ...T[]]);

const answersSchema = z.strictObject({
  knowledgeChanges: enumOf(
    choices.knowledgeChanges as { value: ConstraintsConfig['knowledgeChanges'] }[],
  ).optional(),
  taskType: enumOf(choices.taskType as { value: ConstraintsConfig['taskType'] }[]).optional(),
  latencyTargetMs: z.preprocess(toNumber, z.number().int().positive()).optional(),
  queriesPerDay: count.optional(),
  monthlyBudget: amount.optional(),
  trainingRunBudget: amount.optional(),
  teamSkills: enumOf(choices.teamSkills as { value: ConstraintsConfig['teamSkills'] }[]).optional(),
  failureMode: enumOf(choices.failureMode as { value: FailureMode }[]).optional(),
  trainingExamples: count.optional(),
  citationsNeeded: flag.optional(),
  accessControlNeeded: flag.optional(),
});

export interface AdviseIssue {
  field: string;
  message: string;
  allowed?: string[];
}

/**
 * Validates an answers file (already parsed from YAML or JSON) into the decision engine's input.
 * Missing answers take the question's default; `null` means unknown. Every problem is reported
 * at once, each naming the field and what is allowed.
 */
export function parseAdviseAnswers(raw: unknown, source: string): DecisionInput {
  const input = raw === null || raw === undefined ? {} : withoutNulls(raw);
  const result = answersSchema.safeParse(input, parseOnce);
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue) => describeIssue(issue, input));
    const lines = issues.map(
      (issue) =>
        `  ${issue.field || '(top level)'}: ${issue.message}${issue.allowed ? ` Allowed: ${issue.allowed.join(', ')}.` : ''}`,
    );
    throw new KnowhowError('INPUT_INVALID', `${source} is not a valid answers file:\n${lines.join('\n')}`, {
      hint: 'Fix the answers listed above, or run `knowhow advise` without a file to answer interactively.',
      details: { file: source, issues },
    });
  }
  const { failureMode, ...constraints } = result.data;
  return {
    constraints: constraintsSchema.parse(constraints, parseOnce),
    failureMode: failureMode ?? 'unknown',
  };
}

/**
 * Turns one typed answer into its value, for the interactive loop. Blank takes the default;
 * a choice may be given by value, by its 1-based number, or by its label.
 */
export function parseAnswerText(question: AdviseQuestion, text: string): AdviseAnswerValue | null {
  const trimmed = text.trim();
  if (trimmed === '') return question.default;
  const fail = (message: string, allowed?: string[]): never => {
    throw new KnowhowError(
      'USAGE',
      `${question.id}: ${message}${allowed ? ` Allowed: ${allowed.join(', ')}.` : ''}`,
      {
        hint: 'Type one of the allowed answers, or press Enter for the default.',
        details: { field: question.id, ...(allowed ? { allowed } : {}) },
      },
    );
  };
  if (question.type === 'choice') {
    const options = question.choices ?? [];
    const index = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    const lower = trimmed.toLowerCase();
    const found =
      options.find((choice) => choice.value === lower) ??
      (index >= 1 && index <= options.length ? options[index - 1] : undefined) ??
      options.find((choice) => choice.label.toLowerCase() === lower);
    if (!found) {
      const suggestion = closestMatch(
        lower,
        options.map((choice) => choice.value),
      );
      fail(
        `"${trimmed}" is not a choice.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        options.map((choice) => choice.value),
      );
    }
    return found!.value;
  }
  if (question.type === 'boolean') {
    const value = toBoolean(trimmed);
    if (typeof value !== 'boolean') fail(`"${trimmed}" is not yes or no.`, ['yes', 'no']);
    return value as boolean;
  }
  const value = toNumber(trimmed);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(`"${trimmed}" is not a number of ${question.unit ?? 'units'} (0 or more).`);
  }
  return value as number;
}

/** `null` in an answers file means "unknown": the same as leaving the answer out. */
function withoutNulls(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null));
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): AdviseIssue[] {
  const field = issue.path.map(String).join('.');
  const known = adviseQuestions.map((question) => question.id as string);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const suggestion = closestMatch(key, known);
      return {
        field: key,
        message: `unknown answer "${key}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        allowed: known,
      };
    });
  }
  const actual =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? (input as Record<string, unknown>)[field]
      : input;
  if (issue.code === 'invalid_value') {
    return [
      { field, message: `${JSON.stringify(actual)} is not allowed.`, allowed: issue.values.map(String) },
    ];
  }
  if (field === '') {
    return [{ field, message: 'expected a mapping of answers (question id: answer).' }];
  }
  const question = adviseQuestions.find((candidate) => candidate.id === field);
  if (question?.type === 'boolean') {
    return [
      { field, message: `expected yes or no, got ${JSON.stringify(actual)}.`, allowed: ['true', 'false'] },
    ];
  }
  if (question?.type === 'number') {
    const bound =
      field === 'latencyTargetMs'
        ? 'a whole number above 0'
        : isWhole(field)
          ? 'a whole number, 0 or more'
          : 'a number, 0 or more';
    return [
      {
        field,
        message: `expected ${bound}${question.unit ? ` (${question.unit})` : ''}, got ${JSON.stringify(actual)}.`,
      },
    ];
  }
  return [{ field, message: issue.message }];
}

function isWhole(field: string): boolean {
  return field === 'queriesPerDay' || field === 'trainingExamples';
}

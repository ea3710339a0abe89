import { z } from 'zod';
import { caseStatuses } from '../core/case-types.js';
import { PUBLIC_GROUP } from '../core/types.js';

/**
 * The shape of one test case and one few-shot example as written in cases/ (DESIGN.md).
 * Objects are strict: a misspelt field must be reported, never silently ignored. YAML turns
 * `answer: 42` into a number, so text fields accept numbers and keep them as text.
 */

const text = z.union([z.string(), z.number()]).transform((value) => String(value).trim());
const nonEmptyText = text.pipe(z.string().min(1, 'must not be empty'));

/** A single string where a list is expected is taken as a list of one (`facts: 30 days`). */
function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' || typeof value === 'number' ? [value] : value),
    z.array(item),
  );
}

/** A JSON Schema may be written inline as YAML/JSON or as a JSON string (e.g. a `|` block). */
const jsonSchemaField = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  },
  z.record(z.string(), z.unknown()),
);

/** Regex flags that make sense for one test of one answer (`g` and `y` would make it stateful). */
export const forbiddenRegexFlags = 'imsuv';

/**
 * One `mustNotContain` entry: text (a string), or `{ regex, flags }`. A bare string becomes
 * `{ text }` so that both forms are one strict object, and a misspelt key is named.
 */
const forbiddenContentSchema = z.preprocess(
  (value) => (typeof value === 'string' || typeof value === 'number' ? { text: value } : value),
  z
    .strictObject({
      text: nonEmptyText.optional(),
      regex: z.string().min(1, 'must not be empty').optional(),
      flags: z.string().optional(),
    })
    .superRefine(
      (entry, context) => {
        if ((entry.text === undefined) === (entry.regex === undefined)) {
          context.addIssue({
            code: 'custom',
            message: 'write either a string or a mapping with `regex` (and optional `flags`)',
          });
        } else if (entry.flags !== undefined && entry.regex === undefined) {
          context.addIssue({ code: 'custom', path: ['flags'], message: '`flags` only applies to a `regex`' });
        }
      },
      // A misspelt key is reported on its own; "write either…" on top of it would only repeat it.
      { when: (payload) => payload.issues.length === 0 },
    ),
);

export const caseFormatSchema = z.strictObject({
  maxWords: z.number().int().positive().optional(),
  minWords: z.number().int().min(0).optional(),
  cite: z.enum(['required', 'forbidden', 'optional']).optional(),
  regex: z.string().min(1, 'must not be empty').optional(),
  jsonSchema: jsonSchemaField.optional(),
  style: nonEmptyText.optional(),
});

export const testCaseSchema = z.strictObject({
  id: nonEmptyText,
  question: nonEmptyText,
  answer: nonEmptyText.optional(),
  facts: listOf(nonEmptyText).default([]),
  mustNotContain: z
    .preprocess(
      (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? [value] : value),
      listOf(forbiddenContentSchema),
    )
    .default([]),
  sources: listOf(nonEmptyText).default([]),
  format: caseFormatSchema.default({}),
  user: z
    .strictObject({
      groups: listOf(nonEmptyText).pipe(z.array(z.string()).min(1, 'must name at least one group')),
    })
    .default({ groups: [PUBLIC_GROUP] }),
  tags: listOf(nonEmptyText).default([]),
  split: z.enum(['eval', 'train']).default('eval'),
  /** Drafts only: `draft` and `rejected` cases are read but never evaluated. */
  status: z.enum(caseStatuses).optional(),
  /** Drafts only: which drafter wrote the case (`extractive`, or `model:<provider>/<model>`). */
  drafter: nonEmptyText.optional(),
  /** Drafts only: the passage (chunk id) the case was drafted from. */
  passage: nonEmptyText.optional(),
  /** Drafts only: the feedback entry the case was drafted from (`knowhow cases from-feedback`). */
  feedback: nonEmptyText.optional(),
});

export const fewShotExampleSchema = z.strictObject({
  question: nonEmptyText,
  answer: nonEmptyText,
  tags: listOf(nonEmptyText).default([]),
});

/** Keys allowed in each object, for "did you mean" suggestions. */
export const allowedKeys = {
  case: Object.keys(testCaseSchema.shape),
  format: Object.keys(caseFormatSchema.shape),
  mustNotContain: ['regex', 'flags'],
  user: ['groups'],
  example: Object.keys(fewShotExampleSchema.shape),
} as const;

/** How to fix each field, addressed to the person editing the file. */
export const fieldHints: Record<string, string> = {
  id: 'Give the case a short unique id, e.g. `id: refund-window`.',
  question:
    'Write the question the model is asked as non-empty text, e.g. `question: How long is the refund window?`.',
  answer: 'Write the reference answer as text, or leave the field out.',
  facts: 'List the strings the answer must state, e.g. `facts: ["30 days"]`.',
  mustNotContain:
    'List what a correct answer must not state, as strings or regexes, e.g. `mustNotContain: ["valid for 7 days", { regex: \'\\bretried up to 5 times\' }]`.',
  'mustNotContain.text': 'Write the text a correct answer must not state, e.g. `"valid for 7 days"`.',
  'mustNotContain.regex':
    'Write a JavaScript regular expression as a string (in YAML, single quotes keep backslashes as written).',
  'mustNotContain.flags': `Use regex flags among "${forbiddenRegexFlags}" (default "i": case-insensitive; "" for case-sensitive).`,
  sources:
    'List the ids of the documents that hold the answer (paths relative to the ingest root), e.g. `sources: ["billing/refunds.md"]`.',
  format:
    'Use a mapping with any of: maxWords, minWords, cite (required|forbidden|optional), regex, jsonSchema, style.',
  'format.maxWords': 'Use a positive whole number, e.g. `maxWords: 60`.',
  'format.minWords': 'Use a whole number of 0 or more, e.g. `minWords: 5`.',
  'format.cite': 'Use one of: required, forbidden, optional.',
  'format.regex':
    'Write a JavaScript regular expression as a string (in YAML, single quotes keep backslashes as written).',
  'format.jsonSchema': 'Write a JSON Schema object, e.g. `jsonSchema: { type: object, required: [steps] }`.',
  'format.style':
    'Describe the style rubric in words, e.g. `style: Formal, second person, no bullet points.`.',
  user: 'Use `user: { groups: [support] }` to say who is asking; leave it out for a public reader.',
  'user.groups': 'List at least one group name, e.g. `groups: [support]`.',
  tags: 'List short labels, e.g. `tags: [billing]`.',
  status:
    'Use `status: accepted` to evaluate a drafted case, `status: rejected` to drop it, or `status: draft` while it awaits review (`knowhow cases review`).',
  drafter: 'Name the drafter as text, e.g. `drafter: extractive` (written by `knowhow cases draft`).',
  passage: 'Name the passage (chunk id) the case was drafted from, e.g. `passage: billing/refunds.md#0`.',
  feedback:
    'Name the feedback entry id the case was drafted from (written by `knowhow cases from-feedback`).',
  split: 'Use `split: eval` (held out, the default) or `split: train` (may feed fine-tuning data).',
};

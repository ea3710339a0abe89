import type { Chunk } from '../../core/types.js';
import type { LanguageModel } from '../../providers/spec.js';
import type { ExtractiveDraft } from './draft-extractive.js';

/** What the drafting model must return (JSON-schema mode). */
export const draftSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['question', 'answer', 'facts'],
  properties: {
    question: { type: 'string', description: 'A question a user would ask, in their own words' },
    answer: { type: 'string', description: 'The reference answer, from the passage only' },
    facts: {
      type: 'array',
      items: { type: 'string' },
      description: 'Short strings copied verbatim from the passage that a correct answer must state',
    },
  },
} as const;

const instructions = [
  'You write test cases for a question-answering assistant over a team’s documents.',
  'Given one passage, write a question a real user would ask whose answer is in the passage.',
  'Word the question the way a user would, NOT with the passage’s wording.',
  'Give the reference answer from the passage only, and 1–3 facts: short strings copied verbatim from the passage that a correct answer must state.',
  'Reply with JSON only.',
].join(' ');

/** Asks the model for one draft; undefined (with the reason) when the reply is not a usable draft. */
export async function draftWithModel(options: {
  model: LanguageModel;
  passage: Chunk;
  signal?: AbortSignal;
}): Promise<{ draft: ExtractiveDraft } | { error: string }> {
  const { passage } = options;
  const result = await options.model.doGenerate({
    messages: [
      { role: 'system', content: instructions },
      {
        role: 'user',
        content: `Document: ${passage.documentId} (${[passage.title, ...passage.headingPath].join(' › ')})\n\nPassage:\n${passage.text}`,
      },
    ],
    jsonSchema: { name: 'case_draft', schema: draftSchema },
    temperature: 0.3,
    maxTokens: 400,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.text);
  } catch {
    return { error: `the model's reply is not JSON: ${result.text.slice(0, 80)}` };
  }
  if (parsed === null || typeof parsed !== 'object') return { error: 'the model replied with no object' };
  const record = parsed as Record<string, unknown>;
  const question = typeof record.question === 'string' ? record.question.trim() : '';
  const answer = typeof record.answer === 'string' ? record.answer.trim() : '';
  const facts = Array.isArray(record.facts)
    ? record.facts.filter((fact): fact is string => typeof fact === 'string' && fact.trim() !== '')
    : [];
  if (question === '' || answer === '') return { error: 'the model left the question or the answer empty' };
  return { draft: { question, answer, facts: facts.map((fact) => fact.trim()) } };
}

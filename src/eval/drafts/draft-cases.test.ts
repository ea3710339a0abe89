import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../../test/helpers/fixture-server.js';
import { makeChunk } from '../../../test/helpers/make-chunk.js';
import type { Chunk } from '../../core/types.js';
import { createOpenAICompatibleLanguageModel } from '../../providers/openai-compatible/index.js';
import { copiedShare } from './check-draft.js';
import { draftCases } from './draft-cases.js';
import { draftExtractive } from './draft-extractive.js';
import { samplePassages } from './sample-passages.js';

const chatPath = '/v1/chat/completions';
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const refunds = makeChunk(
  'billing/refunds.md',
  0,
  'If it is not working out, you can ask for a refund within 30 days of the purchase date. Refunds go back to the original card.',
  { title: 'Refunds', headingPath: ['Refund policy'] },
);
const sso = makeChunk(
  'internal/sso-escalation.md',
  0,
  'Escalate single sign-on outages to the identity on-call engineer within 15 minutes of the first report.',
  { title: 'SSO escalation', headingPath: ['Escalation'], groups: ['support'] },
);
const trial = makeChunk(
  'plans/free-trial.md',
  0,
  'The free trial lasts 21 days and includes every feature of the Growth plan, with no credit card needed.',
  { title: 'Free trial', headingPath: ['Trial length'] },
);
const pricing = makeChunk(
  'plans/pricing.md',
  0,
  'The Starter plan costs $14 per seat per month on annual billing and $17 on monthly billing.',
  { title: 'Pricing', headingPath: ['Starter'] },
);

function documentsOf(...chunks: Chunk[]): Map<string, Chunk[]> {
  const documents = new Map<string, Chunk[]>();
  for (const chunk of chunks)
    documents.set(chunk.documentId, [...(documents.get(chunk.documentId) ?? []), chunk]);
  return documents;
}

/** An OpenAI chat completion whose content is the JSON draft. */
function completion(draft: { question: string; answer: string; facts: string[] }) {
  return {
    json: {
      id: 'chatcmpl-draft',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-test',
      choices: [
        { index: 0, message: { role: 'assistant', content: JSON.stringify(draft) }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 120, completion_tokens: 40, total_tokens: 160 },
    },
  };
}

function createModel() {
  return createOpenAICompatibleLanguageModel({
    baseURL: `${server.url}/v1`,
    model: 'gpt-test',
    apiKeyEnv: 'TEST_DRAFT_KEY',
    env: { TEST_DRAFT_KEY: 'sk-test-draft' },
  });
}

describe('draftCases with a model (scripted OpenAI-compatible server)', () => {
  it('keeps good drafts and rejects absent facts, copied wording and duplicates, asking in JSON-schema mode', async () => {
    // Passages are tried in document order: billing/refunds, internal/sso, plans/free-trial, plans/pricing.
    server.reply(
      chatPath,
      completion({
        question: 'I bought the wrong plan last week, can I still get my money back?',
        answer: 'Yes: refunds can be asked for within 30 days of the purchase date.',
        facts: ['30 days'],
      }),
      completion({
        // Not in the passage: the model invented it.
        question: 'Who handles an SSO outage and how fast?',
        answer: 'The identity on-call, within 10 minutes.',
        facts: ['10 minutes'],
      }),
      completion({
        // The passage's own words, turned into a question.
        question: 'The free trial lasts how many days and includes every feature of the Growth plan?',
        answer: '21 days.',
        facts: ['21 days'],
      }),
      completion({
        // Near-duplicate of an existing case.
        question: 'How much does the Starter plan cost per seat if we pay annually?',
        answer: '$14 per seat per month.',
        facts: ['$14'],
      }),
    );
    const result = await draftCases({
      documents: documentsOf(refunds, sso, trial, pricing),
      count: 4,
      model: createModel(),
      existing: [
        {
          id: 'starter-annual-price',
          question: 'How much does the Starter plan cost per seat if we pay annually?',
        },
      ],
      tags: ['drafted-test'],
    });
    expect(result.drafter).toBe('model:openai-compatible/gpt-test');
    expect(result.drafts.map((draft) => draft.id)).toEqual(['draft-billing-refunds-0']);
    expect(result.drafts[0]).toMatchObject({
      facts: ['30 days'],
      sources: ['billing/refunds.md'],
      status: 'draft',
      passage: 'billing/refunds.md#0',
      user: { groups: ['public'] },
      tags: ['drafted-test', 'drafted'],
    });
    expect(result.rejected.map((entry) => [entry.passage, entry.reason])).toEqual([
      ['internal/sso-escalation.md#0', 'fact-not-in-passage'],
      ['plans/free-trial.md#0', 'copies-passage'],
      ['plans/pricing.md#0', 'duplicate'],
    ]);
    const sent = server.requestsTo(chatPath)[0]?.body as {
      response_format?: { type: string; json_schema?: { name: string } };
    };
    expect(sent.response_format?.type).toBe('json_schema');
    expect(sent.response_format?.json_schema?.name).toBe('case_draft');
  });

  it('keeps a restricted document’s groups as the reader, and a failed call loses only its passage', async () => {
    server.reply(
      chatPath,
      { status: 500, json: { error: { message: 'upstream down' } } },
      completion({
        question: 'An SSO outage was reported: how soon must we escalate it, and to whom?',
        answer: 'To the identity on-call engineer within 15 minutes of the first report.',
        facts: ['15 minutes', 'identity on-call engineer'],
      }),
    );
    const result = await draftCases({
      documents: documentsOf(refunds, sso),
      count: 2,
      model: createModel(),
      existing: [],
    });
    expect(result.rejected[0]).toMatchObject({ passage: 'billing/refunds.md#0', reason: 'no-draft' });
    expect(result.drafts).toHaveLength(1);
    expect(result.drafts[0]?.user.groups).toEqual(['support']);
  });
});

describe('draftCases without a model (extractive)', () => {
  it('drafts a labelled case with a figure from the passage as the fact and the sentence as the answer', async () => {
    const result = await draftCases({ documents: documentsOf(refunds, pricing), count: 5, existing: [] });
    expect(result.drafter).toBe('extractive');
    expect(result.drafts.map((draft) => [draft.facts, draft.answer])).toEqual([
      [
        ['30 days'],
        'If it is not working out, you can ask for a refund within 30 days of the purchase date.',
      ],
      [
        ['$14 per seat'],
        'The Starter plan costs $14 per seat per month on annual billing and $17 on monthly billing.',
      ],
    ]);
    expect(result.drafts.every((draft) => draft.drafter === 'extractive')).toBe(true);
  });

  it('gives no draft for a passage with neither a figure nor a bold term', () => {
    expect(
      draftExtractive(
        makeChunk('a.md', 0, 'Treat them like passwords and never share them with anyone else.'),
      ),
    ).toBeUndefined();
    expect(
      draftExtractive(makeChunk('a.md', 0, 'Only the **Owner** can delete the workspace and its data.'))
        ?.facts,
    ).toEqual(['Owner']);
  });
});

describe('samplePassages', () => {
  it('takes one passage per document per round, and the next heading within a document', () => {
    const long = ['Alpha', 'Beta', 'Gamma'].flatMap((heading, headingIndex) =>
      [0, 1].map((part) =>
        makeChunk(
          'long.md',
          headingIndex * 2 + part,
          `${heading} part ${part} has enough words to count as a passage worth asking about.`,
          {
            headingPath: [heading],
          },
        ),
      ),
    );
    const short = makeChunk(
      'short.md',
      0,
      'The short document has one passage with enough words to be asked about here.',
    );
    const picked = samplePassages({ documents: documentsOf(...long, short), count: 4 });
    expect(picked.map((chunk) => chunk.id)).toEqual(['long.md#0', 'short.md#0', 'long.md#2', 'long.md#4']);
  });
});

describe('copiedShare', () => {
  it('is at least half for a question cut from the passage and near zero for a paraphrase', () => {
    expect(
      copiedShare('The free trial lasts how many days and includes every feature?', trial.text),
    ).toBeGreaterThanOrEqual(0.5);
    expect(copiedShare('How long is the free trial?', trial.text)).toBeLessThan(0.5);
    expect(copiedShare('How long can we try Quillstack before paying?', trial.text)).toBe(0);
  });
});

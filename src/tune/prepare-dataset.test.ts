import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeChunk } from '../../test/helpers/make-chunk.js';
import type { KnowhowError } from '../core/errors.js';
import type { FeedbackEntry } from '../core/feedback-types.js';
import { estimateTokens } from '../core/text/count-tokens.js';
import { renderPassages } from '../generate/build-prompt.js';
import { makeCase, makeExample } from './__fixtures__/make-cases.js';
import { axolotlConfigSchema } from './axolotl-config.js';
import { resolveChatTemplate } from './chat-templates.js';
import { renderDataCardMarkdown } from './data-card.js';
import { checkDatasetText } from './engine-dataset-rules.js';
import { prepareDataset } from './prepare-dataset.js';
import { datasetFiles } from './tune-paths.js';

const exec = promisify(execFile);
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const cases = [
  makeCase({
    id: 'eval-price',
    question: 'How much does the Starter plan cost per seat if we pay annually?',
    answer: '$14',
    tags: ['pricing'],
  }),
  makeCase({
    id: 'train-refund',
    question: 'How long is the refund window for annual plans?',
    answer: '30 days [1].',
    split: 'train',
    tags: ['billing'],
    format: { maxWords: 20 },
  }),
  makeCase({ id: 'train-no-answer', question: 'Who owns the workspace?', split: 'train' }),
  makeCase({
    id: 'train-leak',
    question: 'How much does the Starter plan cost per seat, if we pay annually?',
    answer: '$14',
    split: 'train',
  }),
];
const feedback: FeedbackEntry[] = [
  {
    id: 'fb-1',
    createdAt: '2026-11-01T00:00:00Z',
    rating: 'up',
    question: 'Can I export data to CSV?',
    answer: 'Yes, from Settings > Export.',
    groups: [],
    review: { status: 'approved', reviewer: 'lead' },
  },
  {
    id: 'fb-2',
    createdAt: '2026-11-01T00:00:00Z',
    rating: 'down',
    question: 'Is there SSO?',
    answer: 'No.',
    correctedAnswer: 'Yes, on Enterprise.',
    groups: [],
    review: { status: 'approved', reviewer: 'lead' },
  },
  {
    id: 'fb-3',
    createdAt: '2026-11-01T00:00:00Z',
    rating: 'down',
    question: 'Is there a mobile app?',
    answer: 'No idea.',
    groups: [],
    review: { status: 'approved', reviewer: 'lead' },
  },
];
const examples = [
  makeExample('Where can I download our invoices?', 'Settings > Billing > Invoices [1].', ['billing'], 7),
  makeExample('where can I download our invoices', 'Duplicate.', ['billing'], 11),
  makeExample('Give me a very long answer', 'word '.repeat(400), ['long'], 15),
  makeExample('Empty answer?', ' ', [], 19),
];

describe('prepareDataset', () => {
  it('builds, cleans, splits and exports, reporting every drop with its index and source', async () => {
    const chatTemplate = await resolveChatTemplate(undefined, dataDir);
    const prepared = await prepareDataset({
      dataDir,
      cases,
      feedback,
      examples,
      baseModel: 'meta-llama/Meta-Llama-3.1-8B-Instruct',
      chatTemplate,
      maxTokens: 300,
      systemPrompt: 'You are the Quillstack help desk.',
      now: () => new Date('2026-11-22T12:00:00Z'),
    });
    const card = prepared.dataCard;
    expect(card.counts).toMatchObject({ candidates: 8, clean: 4, dropped: 4 });
    expect(card.dropped.map((drop) => [drop.index, drop.reason])).toEqual([
      [1, 'leaks-eval'],
      [5, 'near-duplicate'],
      [6, 'too-long'],
      [7, 'empty-turn'],
    ]);
    expect(card.dropped[0]!.detail).toContain('eval case "eval-price"');
    expect(card.sources).toMatchObject({
      casesUsed: 2,
      casesHeldOut: 1,
      casesWithoutAnswer: 1,
      feedbackUsed: 2,
      feedbackRejected: 1,
      fewShotUsed: 4,
      citationMarkersRemoved: 2,
    });
    expect(card.warnings[0]).toContain('under ~1,000: invest in prompting and RAG first');
    expect(card.tokenCounter).toContain('estimate');
    expect(prepared.datasetId).toBe(`ds-${card.datasetHash.slice(0, 12)}`);

    const read = (file: string) => readFile(path.join(prepared.directory, file), 'utf8');
    const train = (await read(datasetFiles.train))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const validation = (await read(datasetFiles.validation)).trim().split('\n').filter(Boolean);
    expect(train.length + validation.length).toBe(4);
    const refund = train
      .concat(validation.map((line) => JSON.parse(line)))
      .find((record) => record.metadata.source.ref === 'train-refund');
    // The same prompt shape the eval uses: system prompt, question + format instruction; markers removed without passages.
    expect(refund.messages).toEqual([
      { role: 'system', content: 'You are the Quillstack help desk.' },
      {
        role: 'user',
        content: 'How long is the refund window for annual plans?\n\nAnswer in at most 20 words.',
      },
      { role: 'assistant', content: '30 days.' },
    ]);
    for (const [file, engine] of [
      [datasetFiles.openai, 'together'],
      [datasetFiles.together, 'together'],
    ] as const) {
      expect(checkDatasetText(await read(file), engine)).toEqual([]);
      expect(Object.keys(JSON.parse((await read(file)).split('\n')[0]!))).toEqual(['messages']);
    }
    expect(await read(datasetFiles.chatTemplate)).toBe(chatTemplate.template);
    expect(await read(datasetFiles.dataCardMarkdown)).toContain(
      'example 6 (few-shot example examples/few-shot.yaml:15) — too-long',
    );
    const manifest = JSON.parse(await read(datasetFiles.manifest));
    expect(manifest).toMatchObject({
      datasetHash: card.datasetHash,
      chatTemplate: { name: 'chatml', sha256: chatTemplate.sha256 },
    });
  });

  it('writes an Axolotl config that matches the schema and a train config the script reads', async () => {
    const prepared = await prepareDataset({
      dataDir,
      cases,
      feedback,
      examples,
      baseModel: 'Qwen/Qwen2.5-0.5B-Instruct',
      chatTemplate: await resolveChatTemplate('llama3', dataDir),
    });
    const yamlText = await readFile(path.join(prepared.directory, datasetFiles.axolotl), 'utf8');
    const config = axolotlConfigSchema.parse(parse(yamlText));
    expect(config).toMatchObject({
      base_model: 'Qwen/Qwen2.5-0.5B-Instruct',
      chat_template: 'jinja',
      adapter: 'lora',
      lora_target_modules: ['q_proj', 'k_proj', 'v_proj', 'o_proj'],
      datasets: [
        {
          path: 'train.jsonl',
          type: 'chat_template',
          field_messages: 'messages',
          roles_to_train: ['assistant'],
        },
      ],
    });
    expect(config.chat_template_jinja).toContain('<|start_header_id|>');
    expect(() => axolotlConfigSchema.parse({ ...config, lora_rank: 8 })).toThrow();
    const trainConfig = JSON.parse(
      await readFile(path.join(prepared.directory, datasetFiles.trainConfig), 'utf8'),
    );
    expect(trainConfig).toMatchObject({
      train_file: 'train.jsonl',
      chat_template_file: 'chat_template.jinja',
      lora_r: 16,
      dataset_hash: prepared.dataCard.datasetHash,
    });
  });

  it('generates a train_lora.py that compiles and masks everything but assistant turns', async () => {
    const prepared = await prepareDataset({
      dataDir,
      cases,
      feedback,
      examples,
      baseModel: 'tiny',
      chatTemplate: await resolveChatTemplate(undefined, dataDir),
    });
    const script = path.join(prepared.directory, datasetFiles.trainScript);
    await exec('python3', ['-m', 'py_compile', script]);
    // Loads the module with the standard library only and checks the label masking with a ChatML stand-in tokenizer.
    const check = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("train_lora", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
class Tokenizer:
    def apply_chat_template(self, messages, tokenize=True, add_generation_prompt=False):
        text = "".join(f"<|im_start|>{m['role']} {m['content']} <|im_end|> " for m in messages)
        if add_generation_prompt:
            text += "<|im_start|>assistant "
        return [hash(piece) % 1000 for piece in text.split()]
messages = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "how long"}, {"role": "assistant", "content": "thirty days"}]
encoded = module.encode_example(Tokenizer(), messages, 100)
kept = [i for i, label in enumerate(encoded["labels"]) if label != module.IGNORE_INDEX]
too_long = module.encode_example(Tokenizer(), messages, 3)
missing = module.missing_packages()
print(json.dumps({"length": len(encoded["input_ids"]), "kept": kept, "too_long": too_long, "missing_is_list": isinstance(missing, list)}))
`;
    const { stdout } = await exec('python3', ['-c', check, script]);
    // <|im_start|>system be brief <|im_end|> <|im_start|>user how long <|im_end|> <|im_start|>assistant | thirty days <|im_end|>
    expect(JSON.parse(stdout)).toEqual({
      length: 12,
      kept: [9, 10, 11],
      too_long: null,
      missing_is_list: true,
    });
  });

  it('inserts retrieved passages exactly as RAG renders them for hybrid training', async () => {
    const chunk = makeChunk('billing/refunds.md', 0, 'Refunds are possible within 30 days of payment.', {
      title: 'Refunds',
      headingPath: ['Annual plans'],
    });
    const prepared = await prepareDataset({
      dataDir,
      cases: [cases[1]!],
      feedback: [],
      examples: [],
      baseModel: 'tiny',
      chatTemplate: await resolveChatTemplate(undefined, dataDir),
      hybrid: {
        retrieve: async () => [{ chunk, score: 1, rank: 1 }],
        budgetTokens: 2000,
        countTokens: estimateTokens,
      },
    });
    const [record] = (await readFile(path.join(prepared.directory, datasetFiles.train), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(record.messages[1].content).toBe(
      `Passages:\n\n${renderPassages([{ marker: 1, chunk }])}\n\nQuestion: How long is the refund window for annual plans?\n\nAnswer in at most 20 words.`,
    );
    expect(record.messages[0].content).toContain('Cite every sentence that uses a passage');
    expect(record.messages[2].content).toBe('30 days [1].');
  });

  it('fails with the reasons when no example survives', async () => {
    const error = (await prepareDataset({
      dataDir,
      cases: [cases[0]!, cases[3]!],
      feedback: [],
      examples: [],
      baseModel: 'tiny',
      chatTemplate: await resolveChatTemplate(undefined, dataDir),
    }).catch((caught: unknown) => caught)) as KnowhowError;
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.hint).toContain('example 0 (case "train-leak"): leaks-eval');
  });

  it('reads a chat template from a tokenizer_config.json', async () => {
    const file = path.join(dataDir, 'tokenizer_config.json');
    await writeFile(file, JSON.stringify({ chat_template: '{{ messages }}' }));
    expect((await resolveChatTemplate(file, dataDir)).template).toBe('{{ messages }}');
    await writeFile(file, JSON.stringify({}));
    await expect(resolveChatTemplate(file, dataDir)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(resolveChatTemplate('nope', dataDir)).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
    expect((await resolveChatTemplate(undefined, dataDir, 'meta-llama/Llama-3.2-1B-Instruct')).name).toBe(
      'llama3',
    );
    expect((await resolveChatTemplate(undefined, dataDir, 'Qwen/Qwen2.5-0.5B-Instruct')).name).toBe('chatml');
  });

  it('takes only reviewed feedback unless told otherwise, and never rejected feedback', async () => {
    const make = (id: string, status?: 'unreviewed' | 'approved' | 'rejected'): FeedbackEntry => ({
      id,
      createdAt: '2026-11-01T00:00:00Z',
      rating: 'up',
      question: `Which export format does report ${id} use?`,
      answer: `Report ${id} exports CSV.`,
      groups: [],
      keyName: 'website',
      ...(status ? { review: { status } } : {}),
    });
    const entries = [
      make('old'),
      make('pending', 'unreviewed'),
      make('ok', 'approved'),
      make('no', 'rejected'),
    ];
    const chatTemplate = await resolveChatTemplate(undefined, dataDir);
    const run = (includeUnreviewed: boolean) =>
      prepareDataset({
        dataDir,
        cases: [],
        feedback: entries,
        examples: [makeExample('Where are invoices?', 'Settings > Billing.')],
        baseModel: 'tiny',
        chatTemplate,
        includeUnreviewed,
      });
    const strict = await run(false);
    expect(strict.dataCard.sources).toMatchObject({
      feedbackUsed: 1,
      feedbackUnreviewed: 2,
      feedbackRejectedByReviewer: 1,
    });
    const trained =
      (await readFile(path.join(strict.directory, datasetFiles.train), 'utf8')) +
      (await readFile(path.join(strict.directory, datasetFiles.validation), 'utf8'));
    expect(trained).toContain('report ok');
    expect(trained).not.toContain('report pending');
    expect(trained).not.toContain('report no');
    const loose = await run(true);
    expect(loose.dataCard.sources).toMatchObject({ feedbackUsed: 3, feedbackRejectedByReviewer: 1 });
    expect(renderDataCardMarkdown(strict.dataCard)).toContain(
      'Feedback not yet reviewed (skipped unless --include-unreviewed): 2',
    );
  });

  it('leaves out examples drawn from restricted groups unless --include-groups names them all, counting them by group', async () => {
    const restrictedCase = makeCase({
      id: 'runbook',
      question: 'Who handles refund disputes?',
      answer: 'The on-call support lead.',
      split: 'train',
      user: { groups: ['support'] },
    });
    const hrFeedback: FeedbackEntry = {
      id: 'fb-hr',
      createdAt: '2026-11-01T00:00:00Z',
      rating: 'up',
      question: 'What is the relocation cap?',
      answer: '5000 euros.',
      groups: ['hr', 'reviewer'],
      review: { status: 'approved', reviewer: 'lead' },
    };
    const citedSupport: FeedbackEntry = {
      id: 'fb-cited',
      createdAt: '2026-11-01T00:00:00Z',
      rating: 'up',
      question: 'Where is the escalation path written down?',
      answer: 'In the runbook [1].',
      groups: [],
      citedChunkIds: ['internal/runbook.md#0'],
      review: { status: 'approved', reviewer: 'local' },
    };
    const chatTemplate = await resolveChatTemplate(undefined, dataDir);
    const run = (includeGroups?: string[]) =>
      prepareDataset({
        dataDir,
        cases: [restrictedCase],
        feedback: [hrFeedback, citedSupport],
        examples: [makeExample('Where are invoices?', 'Settings > Billing.')],
        baseModel: 'tiny',
        chatTemplate,
        chunkGroups: new Map([['internal/runbook.md#0', ['support']]]),
        ...(includeGroups ? { includeGroups } : {}),
      });
    const strict = await run();
    expect(strict.dataCard.counts.clean).toBe(1);
    expect(strict.dataCard.groups).toEqual({
      hr: { candidates: 1, trained: 0, leftOut: 1 },
      support: { candidates: 2, trained: 0, leftOut: 2 },
    });
    expect(strict.dataCard.dropped.filter((drop) => drop.reason === 'restricted-groups')).toHaveLength(3);
    expect(strict.dataCard.dropped[0]!.detail).toContain('--include-groups support');
    expect(strict.manifest.groups).toEqual([]);

    const withSupport = await run(['support']);
    expect(withSupport.dataCard.groups).toEqual({
      hr: { candidates: 1, trained: 0, leftOut: 1 },
      support: { candidates: 2, trained: 2, leftOut: 0 },
    });
    expect(withSupport.manifest.groups).toEqual(['support']);
    expect(withSupport.dataCard.dataGroups).toEqual(['support']);
    const markdown = renderDataCardMarkdown(withSupport.dataCard);
    expect(markdown).toContain('| support | 2 | 2 | 0 |');
    expect(markdown).toContain('serve offers the tuned model only to keys that may read all of them');
  });
});

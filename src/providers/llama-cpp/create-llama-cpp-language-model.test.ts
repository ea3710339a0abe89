import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../../test/helpers/expect-failure.js';
import { encodeGguf } from '../../../test/helpers/gguf/encode-gguf.js';
import {
  chatMlTemplate,
  writeTinyLlamaGguf,
  writeTinyLoraGguf,
} from '../../../test/helpers/gguf/write-tiny-gguf.js';
import type { GenerateRequest, StreamPart } from '../spec.js';
import {
  createLlamaCppLanguageModel,
  type LlamaCppLanguageModel,
} from './create-llama-cpp-language-model.js';

let directory: string;
let modelPath: string;
let loraPath: string;
let base: LlamaCppLanguageModel;
const opened: LlamaCppLanguageModel[] = [];

function open(
  options: Omit<Parameters<typeof createLlamaCppLanguageModel>[0], 'threads' | 'gpu'>,
): LlamaCppLanguageModel {
  // One thread: the default thread count on a 2-core machine is 100–1000× slower.
  const model = createLlamaCppLanguageModel({ contextSize: 1024, ...options, threads: 1, gpu: false });
  opened.push(model);
  return model;
}

const question: GenerateRequest = {
  messages: [
    { role: 'system', content: 'Answer briefly.' },
    { role: 'user', content: 'How long is the refund window?' },
  ],
  maxTokens: 12,
  temperature: 0,
};

beforeAll(async () => {
  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
  modelPath = path.join(directory, 'tiny.gguf');
  loraPath = path.join(directory, 'tiny-lora.gguf');
  await writeTinyLlamaGguf({ path: modelPath });
  await writeTinyLoraGguf({ path: loraPath });
  base = open({ model: modelPath });
  await base.load();
});

afterAll(async () => {
  for (const model of opened) await model.dispose();
  await fs.rm(directory, { recursive: true, force: true });
});

describe('createLlamaCppLanguageModel', () => {
  it('generates the same text at temperature 0 and counts tokens with the model’s tokenizer', async () => {
    const first = await base.doGenerate(question);
    const second = await base.doGenerate(question);
    expect(first.text.trim().length).toBeGreaterThan(0);
    expect(second).toEqual(first);
    expect(first.finishReason).toBe('length');
    expect(first.usage.completionTokens).toBe(12);
    expect(first.usage.promptTokens).toBeGreaterThan(
      base.countTokens?.('How long is the refund window?') ?? 0,
    );
    expect(base.contextWindow).toBe(1024);
    expect(base.provider).toBe('llama-cpp');
  });

  it('keeps requests independent: nothing of one conversation carries into the next', async () => {
    const alone = await base.doGenerate(question);
    await base.doGenerate({
      messages: [{ role: 'user', content: 'Something else entirely.' }],
      maxTokens: 8,
    });
    expect(await base.doGenerate(question)).toEqual(alone);
  });

  it('serialises concurrent requests and gives each its own answer', async () => {
    const other: GenerateRequest = {
      ...question,
      messages: [{ role: 'user', content: 'Where is my order?' }],
    };
    const [a, b] = await Promise.all([base.doGenerate(question), base.doGenerate(other)]);
    expect(a).toEqual(await base.doGenerate(question));
    expect(b).toEqual(await base.doGenerate(other));
  });

  it('streams text deltas that join to the generated text, then a finish part', async () => {
    const generated = await base.doGenerate(question);
    const parts: StreamPart[] = [];
    for await (const part of base.doStream(question)) parts.push(part);
    const deltas = parts.filter((part) => part.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((part) => part.text).join('')).toBe(generated.text);
    expect(parts.at(-1)).toEqual({ type: 'finish', usage: generated.usage, finishReason: 'length' });
  });

  it('stops at a stop sequence', async () => {
    const generated = await base.doGenerate(question);
    const words = generated.text.trim().split(/\s+/);
    const stopWord = words[3] ?? '';
    const stopped = await base.doGenerate({ ...question, stop: [stopWord] });
    expect(stopped.finishReason).toBe('stop');
    expect(stopped.text).toBe(generated.text.slice(0, generated.text.indexOf(stopWord)));
  });

  it('continues a final assistant message (prefill) and returns only the continuation', async () => {
    const result = await base.doGenerate({
      messages: [...question.messages, { role: 'assistant', content: 'The refund' }],
      maxTokens: 4,
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.text.startsWith('The refund')).toBe(false);
  });

  it('produces JSON valid against the schema through the grammar', async () => {
    const schema = {
      type: 'object',
      properties: {
        verdict: { enum: ['yes', 'no', 'unsure'] },
        cited: { type: 'boolean' },
        note: { type: 'string', maxLength: 24 },
        tags: { type: 'array', items: { enum: ['billing', 'shipping'] }, maxItems: 2 },
      },
      required: ['verdict', 'cited', 'note', 'tags'],
      additionalProperties: false,
    };
    const result = await base.doGenerate({
      ...question,
      maxTokens: 120,
      jsonSchema: { name: 'verdict', schema },
    });
    const validate = new Ajv().compile(schema);
    const parsed: unknown = JSON.parse(result.text);
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(result.finishReason).toBe('stop');
  });

  it('accepts anyOf by generating one alternative', async () => {
    const schema = { anyOf: [{ type: 'boolean' }, { enum: ['unknown'] }] };
    const result = await base.doGenerate({
      ...question,
      maxTokens: 20,
      jsonSchema: { name: 'flag', schema },
    });
    expect(new Ajv().compile(schema)(JSON.parse(result.text))).toBe(true);
  });

  it('rejects a schema the grammar cannot enforce, naming provider, model, schema and keyword', async () => {
    const schema = { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } } };
    const error = await failureOf(base.doGenerate({ ...question, jsonSchema: { name: 'ticket', schema } }));
    expect(error.code).toBe('OUTPUT_INVALID');
    expect(error.message).toContain(`llama-cpp model "${modelPath}"`);
    expect(error.message).toContain('JSON schema "ticket"');
    expect(error.message).toContain('/properties/code/pattern');
    expect(error.details).toMatchObject({ provider: 'llama-cpp', setting: 'jsonSchema "ticket"' });
  });

  it('reports JSON cut off by maxTokens as invalid output, pointing at maxTokens', async () => {
    const schema = { type: 'object', properties: { note: { type: 'string' } }, required: ['note'] };
    const error = await failureOf(
      base.doGenerate({ ...question, maxTokens: 6, jsonSchema: { name: 'note', schema } }),
    );
    expect(error.code).toBe('OUTPUT_INVALID');
    expect(error.message).toContain('cut off at the token limit');
    expect(error.details).toMatchObject({ setting: 'models.answer.maxTokens' });
  });

  it('rejects a prompt longer than the context with the contextSize setting named', async () => {
    const error = await failureOf(
      base.doGenerate({ messages: [{ role: 'user', content: 'refund '.repeat(600) }] }),
    );
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.details).toMatchObject({ setting: 'models.answer.contextSize', contextSize: 1024 });
  });

  it('stops when cancelled, and keeps serving afterwards', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failureOf(base.doGenerate({ ...question, signal: controller.signal }))).code).toBe(
      'CANCELLED',
    );

    const parts: StreamPart[] = [];
    for await (const part of base.doStream({ ...question, maxTokens: 200 })) {
      parts.push(part);
      if (parts.length === 2) break;
    }
    expect(parts).toHaveLength(2);
    expect((await base.doGenerate(question)).text.length).toBeGreaterThan(0);
  });

  it('uses the model’s own chat template', async () => {
    // ChatML with a fixed preamble: only a provider that renders the model's own template sends it.
    const preamble = 'Policy: cite the handbook and never guess. ';
    const templatePath = path.join(directory, 'custom-template.gguf');
    await writeTinyLlamaGguf({ path: templatePath, chatTemplate: `{{ '${preamble}' }}${chatMlTemplate}` });
    const custom = await open({ model: templatePath }).doGenerate({ ...question, maxTokens: 2 });
    const chatMl = await base.doGenerate({ ...question, maxTokens: 2 });
    const preambleTokens = base.countTokens?.(preamble) ?? 0;
    expect(preambleTokens).toBeGreaterThan(20);
    expect(custom.usage.promptTokens - chatMl.usage.promptTokens).toBeGreaterThanOrEqual(preambleTokens - 2);
  });

  it('applies a LoRA adapter at load time, which changes the output', async () => {
    const adapted = open({ model: modelPath, lora: loraPath });
    const [withLora, without] = [await adapted.doGenerate(question), await base.doGenerate(question)];
    expect(withLora.text.length).toBeGreaterThan(0);
    expect(withLora.text).not.toBe(without.text);
    expect(await adapted.doGenerate(question)).toEqual(withLora);
  });

  it('rejects a LoRA adapter with a mistyped alpha instead of letting llama.cpp abort the process', async () => {
    const badLora = path.join(directory, 'bad-alpha.gguf');
    await fs.writeFile(
      badLora,
      encodeGguf({
        metadata: [
          ['general.type', { type: 'string', value: 'adapter' }],
          ['general.architecture', { type: 'string', value: 'llama' }],
          ['adapter.type', { type: 'string', value: 'lora' }],
          ['adapter.lora.alpha', { type: 'u32', value: 8 }],
        ],
        tensors: [],
      }),
    );
    const error = await failureOf(open({ model: modelPath, lora: badLora }).load());
    expect(error.code).toBe('MODEL_LOAD');
    expect(error.message).toContain('adapter.lora.alpha is 8 (u32), expected an f32');
    expect(error.details).toMatchObject({ setting: 'models.answer.lora', file: badLora });
  });

  it('rejects a LoRA adapter made for other dimensions with llama.cpp’s reason', async () => {
    const wideLora = path.join(directory, 'wide-lora.gguf');
    await writeTinyLoraGguf({ path: wideLora, base: { embedding: 32, heads: 2 } });
    const error = await failureOf(open({ model: modelPath, lora: wideLora }).load());
    expect(error.code).toBe('MODEL_LOAD');
    expect(error.message).toContain('has incorrect shape');
    expect(error.details).toMatchObject({ setting: 'models.answer.lora' });
  });

  it('rejects a model file that is not GGUF, and a missing one, naming the file and setting', async () => {
    const notGguf = path.join(directory, 'model.bin');
    await fs.writeFile(notGguf, 'PK\u0003\u0004 not a model');
    const wrong = await failureOf(open({ model: notGguf }).doGenerate(question));
    expect(wrong.code).toBe('MODEL_LOAD');
    expect(wrong.message).toBe(
      `llama-cpp model "${notGguf}": ${notGguf} is not a GGUF model (it does not start with "GGUF"; found "PK\\u0003\\u0004").`,
    );
    expect(wrong.hint).toContain('models.answer.model');

    const missing = await failureOf(open({ model: 'nowhere.gguf', baseDirectory: directory }).load());
    expect(missing.code).toBe('MODEL_LOAD');
    expect(missing.message).toContain(`${path.join(directory, 'nowhere.gguf')} does not exist`);
  });

  it('reports a corrupt GGUF with llama.cpp’s reason instead of crashing', async () => {
    const truncated = path.join(directory, 'truncated.gguf');
    await fs.writeFile(truncated, (await fs.readFile(modelPath)).subarray(0, 4096));
    const error = await failureOf(open({ model: truncated }).load());
    expect(error.code).toBe('MODEL_LOAD');
    expect(error.message).toContain(`llama.cpp could not load ${truncated}`);
  });
});

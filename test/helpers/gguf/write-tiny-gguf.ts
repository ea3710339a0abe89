/**
 * Writes tiny, random-weight GGUF models that node-llama-cpp loads and runs in milliseconds, so the
 * llama-cpp provider is tested for real without downloading anything. Test-only: nothing in `src/`
 * may import it. Same options and seed → the same bytes.
 */
import fs from 'node:fs/promises';
import { encodeGguf, type GgufTensor, type GgufValue } from './encode-gguf.js';
import { createSeededRandom, fillUniform } from './seeded-random.js';
import { buildTinyVocabulary, controlTokens, defaultWords } from './tiny-vocabulary.js';

export const chatMlTemplate =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** llama.cpp's llama_pooling_type. */
const poolingTypes = { none: 0, mean: 1, cls: 2, last: 3, rank: 4 } as const;
export type TinyPooling = keyof typeof poolingTypes;

export interface TinyModelOptions {
  seed?: number;
  layers?: number;
  /** Hidden width (n_embd). */
  embedding?: number;
  heads?: number;
  feedForward?: number;
  contextLength?: number;
  /** Whole words the model may generate (a "▁" is prefixed to each). */
  vocabulary?: readonly string[];
  /** Jinja chat template; ChatML by default, `null` for none. */
  chatTemplate?: string | null;
  /** Written as `<arch>.pooling_type`; `mean` makes an embedding model. */
  pooling?: TinyPooling;
}

export interface WriteTinyGgufOptions extends TinyModelOptions {
  path: string;
}

export interface TinyGgufInfo {
  path: string;
  bytes: number;
  vocabularySize: number;
  embedding: number;
}

interface ResolvedDimensions {
  seed: number;
  layers: number;
  embedding: number;
  heads: number;
  headSize: number;
  feedForward: number;
  contextLength: number;
}

function resolveDimensions(options: TinyModelOptions): ResolvedDimensions {
  const embedding = options.embedding ?? 64;
  const heads = options.heads ?? 4;
  if (embedding % heads !== 0)
    throw new Error(`embedding (${embedding}) must be a multiple of heads (${heads}).`);
  return {
    seed: options.seed ?? 1,
    layers: options.layers ?? 2,
    embedding,
    heads,
    headSize: embedding / heads,
    feedForward: options.feedForward ?? embedding * 2,
    contextLength: options.contextLength ?? 1024,
  };
}

type Architecture = 'llama' | 'qwen3';

/**
 * Qwen3 rerankers score with a softmax over two labels and report the first ("yes"): with one label
 * the softmax would always be 1.
 */
const rankLabels = ['yes', 'no'];

/** The weight matrices of one block: name → [n_in, n_out] (ggml order). */
function blockMatrices(dimensions: ResolvedDimensions): Array<[string, number, number]> {
  const { embedding, feedForward } = dimensions;
  return [
    ['attn_q', embedding, embedding],
    ['attn_k', embedding, embedding],
    ['attn_v', embedding, embedding],
    ['attn_output', embedding, embedding],
    ['ffn_gate', embedding, feedForward],
    ['ffn_up', embedding, feedForward],
    ['ffn_down', feedForward, embedding],
  ];
}

function ones(count: number): Float32Array {
  return new Float32Array(count).fill(1);
}

function buildModel(options: TinyModelOptions, architecture: Architecture, withRankHead: boolean): Buffer {
  const dimensions = resolveDimensions(options);
  const { embedding, layers, headSize } = dimensions;
  const random = createSeededRandom(dimensions.seed);
  const tokens = buildTinyVocabulary(options.vocabulary ?? defaultWords);
  const vocabularySize = tokens.length;

  const tensors: GgufTensor[] = [];
  tensors.push({
    name: 'token_embd.weight',
    dims: [embedding, vocabularySize],
    data: fillUniform(random, embedding * vocabularySize, 1),
  });
  tensors.push({ name: 'output_norm.weight', dims: [embedding], data: ones(embedding) });
  // Logit spread of a few units makes greedy decoding decisive. Rows of tokens that are not whole words
  // stay zero, so free generation emits words, while a grammar can still force punctuation and bytes.
  const output = fillUniform(random, embedding * vocabularySize, 0.6);
  tokens.forEach((token, tokenIndex) => {
    if (!token.generated) output.fill(0, tokenIndex * embedding, (tokenIndex + 1) * embedding);
  });
  tensors.push({ name: 'output.weight', dims: [embedding, vocabularySize], data: output });
  if (withRankHead) {
    tensors.push({
      name: 'cls.output.weight',
      dims: [embedding, rankLabels.length],
      data: fillUniform(random, embedding * rankLabels.length, 1),
    });
  }
  for (let layer = 0; layer < layers; layer++) {
    const prefix = `blk.${layer}`;
    tensors.push({ name: `${prefix}.attn_norm.weight`, dims: [embedding], data: ones(embedding) });
    tensors.push({ name: `${prefix}.ffn_norm.weight`, dims: [embedding], data: ones(embedding) });
    if (architecture === 'qwen3') {
      tensors.push({ name: `${prefix}.attn_q_norm.weight`, dims: [headSize], data: ones(headSize) });
      tensors.push({ name: `${prefix}.attn_k_norm.weight`, dims: [headSize], data: ones(headSize) });
    }
    for (const [name, inputs, outputs] of blockMatrices(dimensions)) {
      // Unit-variance activations in and out: uniform with variance 1/n_in.
      const scale = Math.sqrt(3 / inputs);
      tensors.push({
        name: `${prefix}.${name}.weight`,
        dims: [inputs, outputs],
        data: fillUniform(random, inputs * outputs, scale),
      });
    }
  }

  const tokenId = (text: string): number => tokens.findIndex((token) => token.text === text);
  const prefix = architecture;
  const metadata: Array<[string, GgufValue]> = [
    ['general.architecture', { type: 'string', value: architecture }],
    ['general.name', { type: 'string', value: `knowhow-tiny-${architecture}` }],
    ['general.file_type', { type: 'u32', value: 0 }],
    ['general.alignment', { type: 'u32', value: 32 }],
    [`${prefix}.context_length`, { type: 'u32', value: dimensions.contextLength }],
    [`${prefix}.embedding_length`, { type: 'u32', value: embedding }],
    [`${prefix}.block_count`, { type: 'u32', value: layers }],
    [`${prefix}.feed_forward_length`, { type: 'u32', value: dimensions.feedForward }],
    [`${prefix}.attention.head_count`, { type: 'u32', value: dimensions.heads }],
    [`${prefix}.attention.head_count_kv`, { type: 'u32', value: dimensions.heads }],
    [`${prefix}.attention.layer_norm_rms_epsilon`, { type: 'f32', value: 1e-5 }],
    [`${prefix}.rope.dimension_count`, { type: 'u32', value: headSize }],
    [`${prefix}.rope.freq_base`, { type: 'f32', value: 10000 }],
    [`${prefix}.vocab_size`, { type: 'u32', value: vocabularySize }],
  ];
  const pooling = withRankHead ? 'rank' : options.pooling;
  if (pooling !== undefined)
    metadata.push([`${prefix}.pooling_type`, { type: 'u32', value: poolingTypes[pooling] }]);
  if (withRankHead) {
    metadata.push([
      `${prefix}.classifier.output_labels`,
      { type: 'array', itemType: 'string', values: rankLabels },
    ]);
  }
  metadata.push(
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    [
      'tokenizer.ggml.tokens',
      { type: 'array', itemType: 'string', values: tokens.map((token) => token.text) },
    ],
    ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', values: tokens.map((token) => token.score) }],
    [
      'tokenizer.ggml.token_type',
      { type: 'array', itemType: 'i32', values: tokens.map((token) => token.type) },
    ],
    ['tokenizer.ggml.unknown_token_id', { type: 'u32', value: tokenId('<unk>') }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: tokenId(controlTokens[0]) }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: tokenId(controlTokens[1]) }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
  );
  const chatTemplate = options.chatTemplate === undefined ? chatMlTemplate : options.chatTemplate;
  if (chatTemplate !== null)
    metadata.push(['tokenizer.chat_template', { type: 'string', value: chatTemplate }]);
  return encodeGguf({ metadata, tensors });
}

/** The bytes of a tiny Llama model (generation, chat, grammar; `pooling: 'mean'` for embeddings). */
export function buildTinyLlamaGguf(options: TinyModelOptions = {}): Buffer {
  return buildModel(options, 'llama', false);
}

async function writeModel(path: string, bytes: Buffer, options: TinyModelOptions): Promise<TinyGgufInfo> {
  await fs.writeFile(path, bytes);
  return {
    path,
    bytes: bytes.length,
    vocabularySize: buildTinyVocabulary(options.vocabulary ?? defaultWords).length,
    embedding: resolveDimensions(options).embedding,
  };
}

export async function writeTinyLlamaGguf(options: WriteTinyGgufOptions): Promise<TinyGgufInfo> {
  return writeModel(options.path, buildTinyLlamaGguf(options), options);
}

/**
 * A tiny reranker: llama.cpp attaches a classification head (`cls.output`) only for some
 * architectures, so this one is a Qwen3 model with rank pooling and a one-label head.
 */
export async function writeTinyRerankerGguf(options: WriteTinyGgufOptions): Promise<TinyGgufInfo> {
  return writeModel(options.path, buildModel(options, 'qwen3', true), options);
}

export interface TinyLoraOptions {
  /** The options the base model was written with (its dimensions must match). */
  base?: TinyModelOptions;
  /** Seed of the adapter weights; different from the base's by default. */
  seed?: number;
  rank?: number;
  alpha?: number;
  /** Also adapt the output head (`output.weight`), whose second dimension is the base's vocabulary size. */
  adaptOutput?: boolean;
}

/** The bytes of a LoRA adapter over every block matrix of a tiny Llama model. */
export function buildTinyLoraGguf(options: TinyLoraOptions = {}): Buffer {
  const dimensions = resolveDimensions(options.base ?? {});
  const rank = options.rank ?? 4;
  const alpha = options.alpha ?? 8;
  const random = createSeededRandom(options.seed ?? dimensions.seed + 1000);
  const tensors: GgufTensor[] = [];
  for (let layer = 0; layer < dimensions.layers; layer++) {
    for (const [name, inputs, outputs] of blockMatrices(dimensions)) {
      const base = `blk.${layer}.${name}.weight`;
      tensors.push({
        name: `${base}.lora_a`,
        dims: [inputs, rank],
        data: fillUniform(random, inputs * rank, 0.5),
      });
      tensors.push({
        name: `${base}.lora_b`,
        dims: [rank, outputs],
        data: fillUniform(random, rank * outputs, 0.5),
      });
    }
  }
  if (options.adaptOutput) {
    const vocabularySize = buildTinyVocabulary(options.base?.vocabulary ?? defaultWords).length;
    const { embedding } = dimensions;
    tensors.push(
      {
        name: 'output.weight.lora_a',
        dims: [embedding, rank],
        data: fillUniform(random, embedding * rank, 0.5),
      },
      {
        name: 'output.weight.lora_b',
        dims: [rank, vocabularySize],
        data: fillUniform(random, rank * vocabularySize, 0.5),
      },
    );
  }
  return encodeGguf({
    metadata: [
      ['general.type', { type: 'string', value: 'adapter' }],
      ['general.architecture', { type: 'string', value: 'llama' }],
      ['general.name', { type: 'string', value: 'knowhow-tiny-lora' }],
      ['adapter.type', { type: 'string', value: 'lora' }],
      // Must be f32: any other type fails a native assert that aborts the whole Node process.
      ['adapter.lora.alpha', { type: 'f32', value: alpha }],
    ],
    tensors,
  });
}

export async function writeTinyLoraGguf(
  options: TinyLoraOptions & { path: string },
): Promise<{ path: string; bytes: number }> {
  const bytes = buildTinyLoraGguf(options);
  await fs.writeFile(options.path, bytes);
  return { path: options.path, bytes: bytes.length };
}

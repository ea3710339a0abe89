import { stringify } from 'yaml';
import { z } from 'zod';
import type { ChatTemplate } from './chat-templates.js';
import type { TuneHyperparameters } from './hyperparameters.js';
import { datasetFiles } from './tune-paths.js';

/**
 * The Axolotl config for the prepared dataset: `chat_template` datasets over the OpenAI-style
 * `messages` field, trained on assistant turns only, with the stored template passed inline
 * (`chat_template: jinja`) so Axolotl renders exactly what the other exports render.
 * Paths are relative: run `axolotl train axolotl.yaml` from the dataset folder.
 */

const chatDataset = z.strictObject({
  path: z.string().min(1),
  ds_type: z.literal('json'),
  type: z.literal('chat_template'),
  field_messages: z.literal('messages'),
  message_property_mappings: z.strictObject({ role: z.literal('role'), content: z.literal('content') }),
  roles_to_train: z.array(z.enum(['assistant', 'user', 'system'])).min(1),
  train_on_eos: z.enum(['turn', 'last', 'all', 'none']),
  split: z.string().optional(),
});

/** The keys knowhow emits, validated strictly: a typo here would be silently ignored by Axolotl. */
export const axolotlConfigSchema = z.strictObject({
  base_model: z.string().min(1),
  chat_template: z.literal('jinja'),
  chat_template_jinja: z.string().min(1),
  datasets: z.array(chatDataset).min(1),
  test_datasets: z.array(chatDataset).optional(),
  val_set_size: z.number().min(0).max(0.5),
  dataset_prepared_path: z.string().min(1),
  output_dir: z.string().min(1),
  adapter: z.literal('lora'),
  lora_r: z.number().int().positive(),
  lora_alpha: z.number().int().positive(),
  lora_dropout: z.number().min(0).max(1),
  lora_target_modules: z.array(z.string().min(1)).min(1),
  sequence_len: z.number().int().positive(),
  sample_packing: z.boolean(),
  micro_batch_size: z.number().int().positive(),
  gradient_accumulation_steps: z.number().int().positive(),
  num_epochs: z.number().positive(),
  learning_rate: z.number().positive(),
  optimizer: z.string().min(1),
  lr_scheduler: z.string().min(1),
  warmup_ratio: z.number().min(0).max(1),
  bf16: z.union([z.literal('auto'), z.boolean()]),
  logging_steps: z.number().int().positive(),
  seed: z.number().int(),
  save_safetensors: z.literal(true),
});

export type AxolotlConfig = z.infer<typeof axolotlConfigSchema>;

export interface BuildAxolotlConfigOptions {
  baseModel: string;
  chatTemplate: ChatTemplate;
  hyperparameters: TuneHyperparameters;
  hasValidation: boolean;
}

export function buildAxolotlConfig(options: BuildAxolotlConfigOptions): AxolotlConfig {
  const dataset = (file: string) => ({
    path: file,
    ds_type: 'json' as const,
    type: 'chat_template' as const,
    field_messages: 'messages' as const,
    message_property_mappings: { role: 'role' as const, content: 'content' as const },
    roles_to_train: ['assistant' as const],
    train_on_eos: 'turn' as const,
  });
  const h = options.hyperparameters;
  return {
    base_model: options.baseModel,
    chat_template: 'jinja',
    chat_template_jinja: options.chatTemplate.template,
    datasets: [dataset(datasetFiles.train)],
    ...(options.hasValidation
      ? { test_datasets: [{ ...dataset(datasetFiles.validation), split: 'train' }] }
      : {}),
    // The validation split is already made (stratified): Axolotl must not carve another one.
    val_set_size: 0,
    dataset_prepared_path: './axolotl-prepared',
    output_dir: './axolotl-out',
    adapter: 'lora',
    lora_r: h.loraR,
    lora_alpha: h.loraAlpha,
    lora_dropout: h.loraDropout,
    lora_target_modules: h.targetModules,
    sequence_len: h.sequenceLength,
    sample_packing: false,
    micro_batch_size: h.microBatchSize,
    gradient_accumulation_steps: h.gradientAccumulationSteps,
    num_epochs: h.epochs,
    learning_rate: h.learningRate,
    optimizer: 'adamw_torch',
    lr_scheduler: 'cosine',
    warmup_ratio: h.warmupRatio,
    bf16: 'auto',
    logging_steps: 1,
    seed: h.seed,
    save_safetensors: true,
  };
}

export function renderAxolotlYaml(config: AxolotlConfig): string {
  const header =
    '# Axolotl LoRA config written by `knowhow tune prepare`. Run from this folder:\n' +
    '#   axolotl train axolotl.yaml\n' +
    '# The chat template is inline (chat_template_jinja): serve the adapter with the same template.\n';
  return header + stringify(axolotlConfigSchema.parse(config), { lineWidth: 0 });
}

/** The transformers + PEFT script's config (train_config.json); paths relative to the file. */
export interface TrainConfig {
  base_model: string;
  train_file: string;
  validation_file: string | null;
  chat_template_file: string;
  output_dir: string;
  max_seq_length: number;
  num_epochs: number;
  learning_rate: number;
  lora_r: number;
  lora_alpha: number;
  lora_dropout: number;
  target_modules: string[];
  micro_batch_size: number;
  gradient_accumulation_steps: number;
  warmup_ratio: number;
  seed: number;
  eval_every_steps: number | null;
  dataset_hash: string;
}

export function buildTrainConfig(options: {
  baseModel: string;
  hyperparameters: TuneHyperparameters;
  hasValidation: boolean;
  datasetHash: string;
}): TrainConfig {
  const h = options.hyperparameters;
  return {
    base_model: options.baseModel,
    train_file: datasetFiles.train,
    validation_file: options.hasValidation ? datasetFiles.validation : null,
    chat_template_file: datasetFiles.chatTemplate,
    output_dir: 'adapter',
    max_seq_length: h.sequenceLength,
    num_epochs: h.epochs,
    learning_rate: h.learningRate,
    lora_r: h.loraR,
    lora_alpha: h.loraAlpha,
    lora_dropout: h.loraDropout,
    target_modules: h.targetModules,
    micro_batch_size: h.microBatchSize,
    gradient_accumulation_steps: h.gradientAccumulationSteps,
    warmup_ratio: h.warmupRatio,
    seed: h.seed,
    eval_every_steps: null,
    dataset_hash: options.datasetHash,
  };
}

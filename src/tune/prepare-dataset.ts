import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FewShotExample, TestCase } from '../core/case-types.js';
import { KnowhowError } from '../core/errors.js';
import type { FeedbackEntry } from '../core/feedback-types.js';
import { estimateTokens, type TokenCounter } from '../core/text/count-tokens.js';
import { hashText } from '../core/text/hash.js';
import { buildAxolotlConfig, buildTrainConfig, renderAxolotlYaml } from './axolotl-config.js';
import type { ChatTemplate } from './chat-templates.js';
import {
  type CollectedExamples,
  collectTrainingExamples,
  type HybridContext,
} from './collect-training-examples.js';
import {
  countTags,
  type DataCard,
  renderDataCardMarkdown,
  smallDatasetWarning,
  summarizeTokens,
} from './data-card.js';
import { describeSource, removeEvalLeaks, removeNearDuplicates } from './find-near-duplicates.js';
import { defaultHyperparameters, type TuneHyperparameters } from './hyperparameters.js';
import { splitDataset } from './split-dataset.js';
import { type TokenLimit, tokenLimitFor } from './token-limits.js';
import { TRAIN_LORA_SCRIPT } from './train-lora-script.js';
import type { DatasetRecord, DroppedExample, DropReason, TrainingExample } from './training-types.js';
import { datasetFiles, tunePaths } from './tune-paths.js';
import { countExampleTokens, validateMessages } from './validate-messages.js';
import { writeFileAtomic, writeJsonAtomic } from './write-file-atomic.js';

/**
 * `tune prepare`: builds, cleans, splits and exports a chat training set. Every example that is
 * left out is reported with its index, its source and why; nothing is silently dropped.
 */

export interface PrepareDatasetOptions {
  dataDir: string;
  cases: TestCase[];
  feedback: FeedbackEntry[];
  examples: FewShotExample[];
  /** The model to tune: sets the token limit and goes into the exports. */
  baseModel: string;
  chatTemplate: ChatTemplate;
  systemPrompt?: string;
  hybrid?: HybridContext;
  /** Overrides the model family's limit. */
  maxTokens?: number;
  validationShare?: number;
  /** A real tokenizer for the model, with its name; the estimate otherwise. */
  tokenizer?: { countTokens: TokenCounter; name: string };
  hyperparameters?: Partial<TuneHyperparameters>;
  /** Feedback nobody reviewed yet is taken too (rejected feedback never). */
  includeUnreviewed?: boolean;
  /** Groups whose restricted cases, feedback and passages may be trained on. */
  includeGroups?: readonly string[];
  /** Groups of the chunks feedback answers cited, when the index is at hand. */
  chunkGroups?: ReadonlyMap<string, readonly string[]>;
  now?: () => Date;
}

export interface DatasetManifest {
  datasetId: string;
  datasetHash: string;
  createdAt: string;
  baseModel: string;
  chatTemplate: { name: string; sha256: string; file: string };
  systemPrompt: string | null;
  hybrid: boolean;
  tokenLimit: TokenLimit;
  counts: { train: number; validation: number };
  /**
   * Document groups the training data came from ([] when all of it is public): a model tuned on
   * it is served only to keys that may read all of them. Absent in datasets prepared before.
   */
  groups?: string[];
  hyperparameters: TuneHyperparameters;
  files: typeof datasetFiles;
}

export interface PreparedDataset {
  datasetId: string;
  directory: string;
  manifest: DatasetManifest;
  dataCard: DataCard;
}

const toRecord = (example: TrainingExample): DatasetRecord => ({
  messages: example.messages,
  metadata: { source: example.source, tags: example.tags },
});

const toJsonl = (lines: readonly unknown[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join('');

export async function prepareDataset(options: PrepareDatasetOptions): Promise<PreparedDataset> {
  const now = options.now ?? (() => new Date());
  const countTokens = options.tokenizer?.countTokens ?? estimateTokens;
  const tokenizerName =
    options.tokenizer?.name ??
    'estimate (knowhow estimateTokens: GPT-style pre-tokenisation, about ±10% of real counts on English prose; no tokenizer for this model family is available offline)';
  const family = tokenLimitFor(options.baseModel);
  const tokenLimit: TokenLimit =
    options.maxTokens === undefined
      ? family
      : { maxTokens: options.maxTokens, basis: 'set with --max-tokens' };

  const collected: CollectedExamples = await collectTrainingExamples({
    cases: options.cases,
    feedback: options.feedback,
    examples: options.examples,
    ...(options.systemPrompt === undefined ? {} : { systemPrompt: options.systemPrompt }),
    ...(options.hybrid === undefined ? {} : { hybrid: options.hybrid }),
    ...(options.includeUnreviewed ? { includeUnreviewed: true } : {}),
    ...(options.includeGroups === undefined ? {} : { includeGroups: options.includeGroups }),
    ...(options.chunkGroups === undefined ? {} : { chunkGroups: options.chunkGroups }),
  });
  const dropped: DroppedExample[] = [...collected.dropped];
  const valid: TrainingExample[] = [];
  for (const example of collected.examples) {
    const problem = validateMessages(example.messages, { maxTokens: tokenLimit.maxTokens, countTokens });
    if (problem) dropped.push({ index: example.index, source: example.source, ...problem });
    else valid.push(example);
  }
  const evalCases = options.cases.filter((testCase) => testCase.split === 'eval');
  const unleaked = removeEvalLeaks(valid, evalCases);
  dropped.push(...unleaked.dropped);
  const unique = removeNearDuplicates(unleaked.kept);
  dropped.push(...unique.dropped);
  dropped.sort((a, b) => a.index - b.index);
  const clean = unique.kept;
  const candidates = collected.examples.length + collected.dropped.length;

  if (clean.length === 0) {
    const reasons = dropped
      .slice(0, 5)
      .map(
        (drop) => `example ${drop.index} (${describeSource(drop.source)}): ${drop.reason} — ${drop.detail}`,
      );
    throw new KnowhowError(
      'INPUT_INVALID',
      `No usable training example: ${candidates} candidate(s), all dropped or none found.`,
      {
        hint:
          candidates === 0
            ? 'Add cases with `split: train` and a reference answer, few-shot examples (eval.examples), or accepted answers in feedback.jsonl.'
            : `Fix the examples listed: ${reasons.join('; ')}`,
        details: { candidates, dropped: dropped.length },
      },
    );
  }

  const groupStats = countGroups(collected, clean);
  const dataGroups = [...new Set(clean.flatMap((example) => example.groups ?? []))].sort();

  const split = splitDataset(clean, { validationShare: options.validationShare ?? 0.1 });
  const trainText = toJsonl(split.train.map(toRecord));
  const validationText = toJsonl(split.validation.map(toRecord));
  const datasetHash = hashText(trainText + validationText);
  const datasetId = `ds-${datasetHash.slice(0, 12)}`;
  const directory = tunePaths.dataset(options.dataDir, datasetId);
  const hyperparameters: TuneHyperparameters = {
    ...defaultHyperparameters(tokenLimit.maxTokens),
    ...options.hyperparameters,
  };
  const createdAt = now().toISOString();

  const droppedByReason: Partial<Record<DropReason, number>> = {};
  for (const drop of dropped) droppedByReason[drop.reason] = (droppedByReason[drop.reason] ?? 0) + 1;
  const warnings: string[] = [];
  const small = smallDatasetWarning(clean.length);
  if (small) warnings.push(small);
  if (split.validation.length === 0) {
    warnings.push(
      'No validation examples (too few per tag): training loss cannot be checked against held-out data.',
    );
  }
  const dataCard: DataCard = {
    datasetId,
    datasetHash,
    createdAt,
    baseModel: options.baseModel,
    chatTemplate: { name: options.chatTemplate.name, sha256: options.chatTemplate.sha256 },
    systemPrompt: options.systemPrompt ?? null,
    hybrid: options.hybrid !== undefined,
    tokenLimit,
    tokenCounter: tokenizerName,
    counts: {
      candidates,
      clean: clean.length,
      train: split.train.length,
      validation: split.validation.length,
      dropped: dropped.length,
      droppedByReason,
    },
    sources: collected.notes,
    tokens: {
      train: summarizeTokens(split.train.map((example) => countExampleTokens(example.messages, countTokens))),
      validation: summarizeTokens(
        split.validation.map((example) => countExampleTokens(example.messages, countTokens)),
      ),
    },
    tags: countTags(split.train, split.validation),
    groups: groupStats,
    dataGroups,
    dropped,
    warnings,
  };
  const manifest: DatasetManifest = {
    datasetId,
    datasetHash,
    createdAt,
    baseModel: options.baseModel,
    chatTemplate: {
      name: options.chatTemplate.name,
      sha256: options.chatTemplate.sha256,
      file: datasetFiles.chatTemplate,
    },
    systemPrompt: options.systemPrompt ?? null,
    hybrid: options.hybrid !== undefined,
    tokenLimit,
    counts: { train: split.train.length, validation: split.validation.length },
    groups: dataGroups,
    hyperparameters,
    files: datasetFiles,
  };

  await mkdir(directory, { recursive: true });
  const hostedTrain = toJsonl(split.train.map((example) => ({ messages: example.messages })));
  const hostedValidation = toJsonl(split.validation.map((example) => ({ messages: example.messages })));
  const hasValidation = split.validation.length > 0;
  const write = (file: string, text: string) => writeFileAtomic(path.join(directory, file), text);
  await Promise.all([
    write(datasetFiles.train, trainText),
    write(datasetFiles.validation, validationText),
    write(datasetFiles.openai, hostedTrain),
    write(datasetFiles.openaiValidation, hostedValidation),
    write(datasetFiles.together, hostedTrain),
    write(datasetFiles.togetherValidation, hostedValidation),
    write(datasetFiles.chatTemplate, options.chatTemplate.template),
    write(
      datasetFiles.axolotl,
      renderAxolotlYaml(
        buildAxolotlConfig({
          baseModel: options.baseModel,
          chatTemplate: options.chatTemplate,
          hyperparameters,
          hasValidation,
        }),
      ),
    ),
    write(datasetFiles.trainScript, TRAIN_LORA_SCRIPT),
    writeJsonAtomic(
      path.join(directory, datasetFiles.trainConfig),
      buildTrainConfig({ baseModel: options.baseModel, hyperparameters, hasValidation, datasetHash }),
    ),
    write(datasetFiles.dataCardMarkdown, renderDataCardMarkdown(dataCard)),
    writeJsonAtomic(path.join(directory, datasetFiles.dataCardJson), dataCard),
  ]);
  // The manifest goes last: a dataset folder without one is incomplete and is never launched.
  await writeJsonAtomic(path.join(directory, datasetFiles.manifest), manifest);
  return { datasetId, directory, manifest, dataCard };
}

/** Per restricted group: candidates drawn from its data, how many were trained on, how many left out. */
function countGroups(collected: CollectedExamples, clean: readonly TrainingExample[]): DataCard['groups'] {
  const stats: DataCard['groups'] = {};
  const bump = (groups: readonly string[] | undefined, field: 'candidates' | 'trained' | 'leftOut') => {
    for (const group of groups ?? []) {
      stats[group] ??= { candidates: 0, trained: 0, leftOut: 0 };
      stats[group][field]++;
    }
  };
  for (const example of collected.examples) bump(example.groups, 'candidates');
  for (const drop of collected.dropped) {
    bump(drop.groups, 'candidates');
    if (drop.reason === 'restricted-groups') bump(drop.groups, 'leftOut');
  }
  for (const example of clean) bump(example.groups, 'trained');
  return Object.fromEntries(Object.entries(stats).sort(([a], [b]) => a.localeCompare(b)));
}

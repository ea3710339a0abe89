import { access } from 'node:fs/promises';
import path from 'node:path';
import { KnowhowError } from '../../core/errors.js';
import { FEEDBACK_FILE } from '../../core/feedback-types.js';
import { estimateTokens, type TokenCounter } from '../../core/text/count-tokens.js';
import { formatCaseProblem, loadCases, loadExamples } from '../../eval/index.js';
import { getSharedLlama, readGgufHeader } from '../../providers/llama-cpp/index.js';
import { retrieveWithSettings } from '../../retrieve/index.js';
import {
  type ChatTemplate,
  cancelJob,
  checkLossGate,
  compareRegression,
  convertLoraToGguf,
  createEngine,
  type EngineName,
  findJob,
  followJob,
  launchJob,
  parseEngineName,
  pickRegressionCases,
  prepareDataset,
  readCitedChunkGroups,
  readJobs,
  readReviewedFeedback,
  registerAdapter,
  registerHostedJob,
  renderRegressionReport,
  resolveChatTemplate,
  type TuneEngine,
  type TuneEvent,
  tokenLimitFor,
  toTemplate,
} from '../../tune/index.js';
import { openWorkspace, type Workspace } from '../../workspace/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { parseNumber } from '../parse-options.js';

/** The workspace of a tune subcommand that opens no index (nothing to close). */
function workspaceOf(context: CommandContext): Promise<Workspace> {
  return openWorkspace({ cwd: context.cwd, ...(context.config ? { config: context.config } : {}) });
}

function engineFor(
  name: EngineName,
  workspace: Workspace,
  context: CommandContext,
  local: { python?: string; tinyRandomModel?: boolean } = {},
): TuneEngine {
  return createEngine(name, {
    dataDir: workspace.dataDir,
    openai: { onWarning: (message) => context.info(`warning: ${message}`) },
    local: {
      ...(local.python ? { python: local.python } : {}),
      ...(local.tinyRandomModel ? { scriptArguments: ['--tiny-random-model', '--max-steps', '5'] } : {}),
    },
  });
}

/** llama.cpp's tokenizer for a local GGUF model (vocabulary only, no weights loaded). */
async function ggufTokenizer(
  model: string,
  root: string,
): Promise<{ countTokens: TokenCounter; name: string } | undefined> {
  if (!model.endsWith('.gguf')) return undefined;
  const file = path.resolve(root, model);
  try {
    await access(file);
  } catch {
    return undefined;
  }
  const llama = await getSharedLlama({ gpu: false });
  const loaded = await llama.loadModel({ modelPath: file, vocabOnly: true });
  return { countTokens: (text) => loaded.tokenize(text).length, name: `llama.cpp tokenizer of ${file}` };
}

/** A local GGUF base model's own template: training with it keeps serving and training in step. */
async function ggufChatTemplate(model: string, root: string): Promise<ChatTemplate | undefined> {
  if (!model.endsWith('.gguf')) return undefined;
  const file = path.resolve(root, model);
  try {
    const value = (await readGgufHeader(file)).metadata.get('tokenizer.chat_template')?.value;
    return typeof value === 'string' && value.trim() !== ''
      ? toTemplate(`${file} (tokenizer.chat_template)`, value)
      : undefined;
  } catch {
    return undefined;
  }
}

function describeEvent(event: TuneEvent): string {
  const parts = [
    event.step !== undefined ? `step ${event.step}${event.totalSteps ? `/${event.totalSteps}` : ''}` : '',
    event.loss !== undefined ? `loss ${event.loss}` : '',
    event.evalLoss !== undefined ? `eval loss ${event.evalLoss}` : '',
  ].filter(Boolean);
  return `${event.level === 'error' ? '! ' : ''}${event.message}${parts.length > 0 && !event.message.includes('loss') ? ` (${parts.join(', ')})` : ''}`;
}

export async function runTunePrepare(
  context: CommandContext,
  options: {
    model?: string;
    systemPrompt?: string;
    hybrid: boolean;
    validationShare: number;
    maxTokens?: number;
    chatTemplate?: string;
    feedback?: string;
    epochs?: number;
    includeUnreviewed: boolean;
    includeGroups?: string[];
  },
): Promise<CommandResult> {
  const workspace = await workspaceOf(context);
  const config = workspace.config;
  const baseModel = options.model ?? config.models.answer?.model;
  if (!baseModel) {
    throw new KnowhowError('USAGE', 'tune prepare needs the model you will fine-tune.', {
      hint: 'Pass --model (e.g. --model meta-llama/Meta-Llama-3.1-8B-Instruct-Reference), or set models.answer in knowhow.yaml.',
    });
  }
  if (!(options.validationShare >= 0 && options.validationShare <= 0.5)) {
    throw new KnowhowError(
      'USAGE',
      `--validation-share must be between 0 and 0.5, got ${options.validationShare}.`,
    );
  }
  const loaded = await loadCases({ directory: config.eval.cases, root: workspace.root });
  const examples = config.eval.examples
    ? await loadExamples({ path: config.eval.examples, root: workspace.root })
    : { examples: [], problems: [] };
  const feedbackFile = options.feedback
    ? path.resolve(context.cwd, options.feedback)
    : path.join(workspace.dataDir, FEEDBACK_FILE);
  const feedback = await readReviewedFeedback(feedbackFile);
  for (const problem of [...loaded.problems, ...examples.problems])
    context.info(`skipped: ${formatCaseProblem(problem)}`);
  for (const problem of feedback.problems)
    context.info(`skipped: ${feedbackFile}:${problem.line}: ${problem.message}`);
  const chatTemplate =
    (options.chatTemplate === undefined ? await ggufChatTemplate(baseModel, workspace.root) : undefined) ??
    (await resolveChatTemplate(options.chatTemplate, context.cwd, baseModel));
  const tokenizer = await ggufTokenizer(baseModel, workspace.root);
  const systemPrompt = options.systemPrompt ?? config.eval.systemPrompt;
  try {
    // Feedback that cites passages inherits their groups: read them from the index only then.
    const citing = feedback.entries.some((entry) => (entry.citedChunkIds ?? []).length > 0);
    const chunkGroups = citing
      ? await readCitedChunkGroups(await workspace.store(), feedback.entries)
      : undefined;
    // Passages are retrieved exactly as the rag variant and `knowhow ask` retrieve them: one builder.
    const retrieval = options.hybrid ? await workspace.retrieval() : undefined;
    const limit = options.maxTokens ?? tokenLimitFor(baseModel).maxTokens;
    const prepared = await prepareDataset({
      dataDir: workspace.dataDir,
      cases: loaded.cases,
      feedback: feedback.entries,
      examples: examples.examples,
      baseModel,
      chatTemplate,
      validationShare: options.validationShare,
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      ...(systemPrompt === undefined ? {} : { systemPrompt }),
      ...(tokenizer ? { tokenizer } : {}),
      ...(options.epochs === undefined ? {} : { hyperparameters: { epochs: options.epochs } }),
      includeUnreviewed: options.includeUnreviewed,
      ...(options.includeGroups ? { includeGroups: options.includeGroups } : {}),
      ...(chunkGroups ? { chunkGroups } : {}),
      ...(retrieval
        ? {
            hybrid: {
              retrieve: async (question: string, groups: string[]) =>
                (
                  await retrieveWithSettings({
                    ...retrieval,
                    query: question,
                    reader: { kind: 'groups', groups },
                  })
                ).hits,
              // generateAnswer's budget: window − 512 answer tokens − 400 reserve.
              budgetTokens: Math.max(0, Math.min(limit, 8192) - 512 - 400),
              countTokens: tokenizer?.countTokens ?? estimateTokens,
            },
          }
        : {}),
    });
    const card = prepared.dataCard;
    const lines = [
      `Prepared ${prepared.datasetId}: ${card.counts.train} train + ${card.counts.validation} validation example(s) from ${card.counts.candidates} candidate(s); ${card.counts.dropped} dropped.`,
      ...Object.entries(card.counts.droppedByReason).map(
        ([reason, count]) => `  dropped ${reason}: ${count}`,
      ),
      ...card.dropped
        .slice(0, 10)
        .map((drop) => `    example ${drop.index} (${drop.source.kind} ${drop.source.ref}): ${drop.detail}`),
      ...(card.dropped.length > 10 ? [`    … ${card.dropped.length - 10} more in data-card.md`] : []),
      `Tokens per example (${card.tokenCounter.startsWith('estimate') ? 'estimated' : 'llama.cpp tokenizer'}): median ${card.tokens.train.median}, p95 ${card.tokens.train.p95}, max ${card.tokens.train.max}; limit ${card.tokenLimit.maxTokens}.`,
      ...(card.sources.feedbackUnreviewed > 0
        ? [
            `${card.sources.feedbackUnreviewed} feedback entr${card.sources.feedbackUnreviewed === 1 ? 'y awaits' : 'ies await'} review and ${card.sources.feedbackUnreviewed === 1 ? 'was' : 'were'} left out: \`knowhow feedback review\` (or --include-unreviewed).`,
          ]
        : []),
      ...Object.entries(card.groups)
        .filter(([, count]) => count.leftOut > 0)
        .map(
          ([group, count]) =>
            `${count.leftOut} example(s) drawn from data restricted to "${group}" left out: --include-groups ${group} trains on them.`,
        ),
      ...(card.dataGroups.length > 0
        ? [
            `Trained on data of ${card.dataGroups.join(', ')}: serve will offer the tuned model only to keys in all of them.`,
          ]
        : []),
      ...card.warnings.map((warning) => `warning: ${warning}`),
      `Files in ${prepared.directory}: train.jsonl, validation.jsonl, openai.jsonl, together.jsonl, axolotl.yaml, train_lora.py, train_config.json, chat_template.jinja, data-card.md`,
      `Next: knowhow tune launch --engine together|openai|local --dataset ${prepared.datasetId}`,
    ];
    return {
      data: {
        datasetId: prepared.datasetId,
        directory: prepared.directory,
        manifest: prepared.manifest,
        dataCard: card,
      },
      text: lines.join('\n'),
    };
  } finally {
    await workspace.close();
  }
}

export async function runTuneLaunch(
  context: CommandContext,
  options: {
    engine: string;
    dataset?: string;
    model?: string;
    epochs?: number;
    suffix: string;
    python?: string;
    tinyRandomModel: boolean;
  },
): Promise<CommandResult> {
  const workspace = await workspaceOf(context);
  const engineName = parseEngineName(options.engine);
  const engine = engineFor(engineName, workspace, context, {
    ...(options.python ? { python: options.python } : {}),
    tinyRandomModel: options.tinyRandomModel,
  });
  const baseURL =
    engineName === 'openai'
      ? process.env.KNOWHOW_OPENAI_BASE_URL
      : engineName === 'together'
        ? process.env.KNOWHOW_TOGETHER_BASE_URL
        : undefined;
  const apiKeyEnv =
    engineName === 'openai' ? 'OPENAI_API_KEY' : engineName === 'together' ? 'TOGETHER_API_KEY' : undefined;
  const record = await launchJob({
    dataDir: workspace.dataDir,
    engine,
    suffix: options.suffix,
    ...(options.dataset ? { datasetId: options.dataset } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.epochs ? { hyperparameters: { epochs: options.epochs } } : {}),
    ...(baseURL ? { baseURL } : {}),
    ...(apiKeyEnv ? { apiKeyEnv } : {}),
  });
  return {
    data: { job: record },
    text: [
      `Launched ${record.engine} job ${record.id} (${record.engineStatus}) on ${record.baseModel} with dataset ${record.datasetId}.`,
      `Follow it: knowhow tune status ${record.id} --follow`,
    ].join('\n'),
  };
}

export async function runTuneStatus(
  context: CommandContext,
  jobId: string | undefined,
  options: { follow: boolean; interval: number },
): Promise<CommandResult> {
  const workspace = await workspaceOf(context);
  const jobs = await readJobs(workspace.dataDir);
  if (jobs.length === 0 && jobId === undefined) {
    return {
      data: { jobs: [] },
      text: 'No fine-tuning job launched yet. Start one with `knowhow tune launch --engine together|openai|local`.',
    };
  }
  const record = await findJob(workspace.dataDir, jobId);
  const engine = engineFor(record.engine, workspace, context);
  const followed = await followJob({
    dataDir: workspace.dataDir,
    engine,
    jobId: record.id,
    follow: options.follow,
    intervalMs: Math.max(0, options.interval) * 1000,
    onUpdate: (job, events) => {
      if (!options.follow) return;
      for (const event of events) context.info(`  ${describeEvent(event)}`);
      context.info(`${job.id}: ${job.engineStatus}`);
    },
  });
  const job = followed.record;
  const progress = followed.progress;
  const lines = [
    `${job.engine} job ${job.id}: ${job.status} (${job.engineStatus}) — base ${job.baseModel}, dataset ${job.datasetId}`,
    ...(progress.step !== undefined
      ? [`  progress: step ${progress.step}${progress.totalSteps ? ` of ${progress.totalSteps}` : ''}`]
      : []),
    ...(progress.loss !== undefined ? [`  training loss: ${progress.loss}`] : []),
    ...(progress.evalLoss !== undefined ? [`  validation loss: ${progress.evalLoss}`] : []),
    ...(job.resultModel ? [`  result: ${job.resultModel}`] : []),
    ...(job.error ? [`  failed: ${job.error}`] : []),
    ...(!options.follow ? followed.events.slice(-5).map((event) => `  ${describeEvent(event)}`) : []),
    ...(job.status === 'succeeded'
      ? [
          job.engine === 'local'
            ? `Next: knowhow tune convert-lora ${job.resultModel} --base <hf-base-dir> --out adapter.gguf`
            : `Next: knowhow tune register --job ${job.id}`,
        ]
      : []),
    ...(jobs.length > 1
      ? [
          '',
          'All jobs:',
          ...jobs.map((other) => `  ${other.id}  ${other.engine}  ${other.status}  ${other.createdAt}`),
        ]
      : []),
  ];
  return {
    data: { job, events: followed.events, progress },
    text: lines.join('\n'),
    ...(job.status === 'failed' ? { exitCode: 9 } : {}),
  };
}

export async function runTuneCancel(context: CommandContext, jobId: string): Promise<CommandResult> {
  const workspace = await workspaceOf(context);
  const record = await findJob(workspace.dataDir, jobId);
  const updated = await cancelJob({
    dataDir: workspace.dataDir,
    engine: engineFor(record.engine, workspace, context),
    jobId,
  });
  return {
    data: { job: updated },
    text: `${updated.engine} job ${updated.id}: ${updated.status} (${updated.engineStatus})`,
  };
}

export async function runTuneRegister(
  context: CommandContext,
  options: {
    job?: string;
    adapter?: string;
    base?: string;
    dataset?: string;
    name?: string;
    costUsd?: number;
    allowTemplateMismatch: boolean;
  },
): Promise<CommandResult> {
  const workspace = await workspaceOf(context);
  const dataDir = workspace.dataDir;
  let result: Awaited<ReturnType<typeof registerAdapter>>;
  if (options.adapter !== undefined || options.base !== undefined) {
    if (options.adapter === undefined || options.base === undefined) {
      throw new KnowhowError(
        'USAGE',
        'Registering an adapter needs both --adapter <adapter.gguf> and --base <base.gguf>.',
      );
    }
    result = await registerAdapter({
      dataDir,
      adapter: options.adapter,
      base: options.base,
      cwd: context.cwd,
      allowTemplateMismatch: options.allowTemplateMismatch,
      ...(options.job ? { jobId: options.job } : {}),
      ...(options.dataset ? { datasetId: options.dataset } : {}),
      ...(options.name ? { name: options.name } : {}),
      ...(options.costUsd === undefined ? {} : { costUsd: options.costUsd }),
    });
  } else {
    const record = await findJob(dataDir, options.job);
    const price = workspace.config.prices.models[record.baseModel]?.trainingPerMillion;
    const estimated =
      options.costUsd ??
      (price !== undefined && record.trainedTokens !== undefined
        ? (record.trainedTokens / 1e6) * price
        : undefined);
    result = await registerHostedJob({
      dataDir,
      engine: engineFor(record.engine, workspace, context),
      jobId: record.id,
      ...(options.name ? { name: options.name } : {}),
      ...(estimated === undefined ? {} : { costUsd: estimated }),
    });
  }
  const entry = result.entry;
  return {
    data: { model: entry, warnings: result.warnings, replaced: result.replaced },
    text: [
      `${result.replaced ? 'Replaced' : 'Registered'} ${entry.name}: ${entry.provider} ${entry.model}${entry.lora ? ` + LoRA ${entry.lora}` : ''} (dataset ${entry.datasetHash.slice(0, 12)}…).`,
      ...result.warnings.map((warning) => `warning: ${warning}`),
      'The next `knowhow eval` runs it as the tuned and hybrid variants; then `knowhow tune regress` checks what it forgot.',
    ].join('\n'),
  };
}

export async function runTuneRegress(
  context: CommandContext,
  options: { run?: string; domainTags?: string[]; failOnLoss?: string | boolean },
): Promise<CommandResult> {
  const workspace = await workspaceOf(context);
  const runId = options.run ?? (await workspace.runs.latest());
  if (runId === undefined)
    throw new KnowhowError('INPUT_NOT_FOUND', `No eval run in ${workspace.runs.root}.`, {
      hint: 'Run `knowhow eval` with a registered tuned model first.',
    });
  const rows = await workspace.runs.readRows(runId);
  if (rows.length === 0)
    throw new KnowhowError('INPUT_NOT_FOUND', `Run ${runId} has no rows.`, {
      hint: 'Check the run id (see .knowhow/runs).',
    });
  const { cases } = await loadCases({ directory: workspace.config.eval.cases, root: workspace.root });
  const regressionCases = pickRegressionCases(cases, options.domainTags);
  const report = compareRegression({ baseRows: rows, tunedRows: rows, cases: regressionCases });
  const gateFailure =
    options.failOnLoss === undefined || options.failOnLoss === false
      ? undefined
      : checkLossGate(
          report,
          options.failOnLoss === true ? 0 : parseNumber(options.failOnLoss, '--fail-on-loss'),
        );
  return {
    data: {
      run: runId,
      cases: regressionCases.map((testCase) => testCase.id),
      report,
      ...(gateFailure ? { failure: { code: 'REGRESSION_LOSS', message: gateFailure } } : {}),
    },
    text: `Run ${runId}, ${regressionCases.length} out-of-domain case(s).\n${renderRegressionReport(report)}${
      gateFailure ? `\n\nerror [REGRESSION_LOSS] ${gateFailure}` : ''
    }`,
    ...(gateFailure ? { exitCode: new KnowhowError('REGRESSION_LOSS', gateFailure).exitCode } : {}),
  };
}

export async function runTuneConvert(
  context: CommandContext,
  adapterDirectory: string,
  options: { base: string; out: string; outtype: 'f32' | 'f16' | 'bf16' | 'q8_0'; python?: string },
): Promise<CommandResult> {
  const workspace = await workspaceOf(context);
  const result = await convertLoraToGguf({
    adapterDirectory: path.resolve(context.cwd, adapterDirectory),
    baseDirectory: path.resolve(context.cwd, options.base),
    output: path.resolve(context.cwd, options.out),
    cacheDirectory: path.join(workspace.paths.cache, 'llama-cpp-convert'),
    outType: options.outtype,
    ...(options.python ? { python: options.python } : {}),
  });
  return {
    data: { output: result.output, converter: result.converter },
    text: `Wrote ${result.output} (llama.cpp ${result.converter.commit.slice(0, 10)} convert_lora_to_gguf.py).\nNext: knowhow tune register --adapter ${result.output} --base <base.gguf> --job <local job id>`,
  };
}

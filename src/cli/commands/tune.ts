import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { KnowhowError } from '../../core/errors.js';
import { FEEDBACK_FILE } from '../../core/feedback-types.js';
import { estimateTokens, type TokenCounter } from '../../core/text/count-tokens.js';
import { formatCaseProblem } from '../../eval/case-problem.js';
import { loadCases } from '../../eval/load-cases.js';
import { loadExamples } from '../../eval/load-examples.js';
import { readRows } from '../../eval/run-eval.js';
import { getSharedLlama, readGgufHeader } from '../../providers/llama-cpp/index.js';
import { retrieve } from '../../retrieve/index.js';
import {
  type ChatTemplate,
  cancelJob,
  compareRegression,
  convertLoraToGguf,
  createEngine,
  type EngineName,
  findJob,
  followJob,
  launchJob,
  OPENAI_CLOSING_NOTICE,
  OPENAI_LAST_JOB_DAY,
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
  tunePaths,
} from '../../tune/index.js';
import type { CommandSpec } from '../main.js';
import { openStore, openWorkspace, type Workspace } from '../open-workspace.js';
import type { CommandContext, CommandResult } from '../output.js';
import { collectList, parseNumber, parsePositiveInteger } from '../parse-options.js';
import { createEmbedder, createReranker } from '../select-providers.js';

/**
 * `knowhow tune …`: fine-tuning data (prepare), jobs on real engines (launch, status, cancel),
 * the model registry (register), the forgetting check (regress) and PEFT → GGUF (convert-lora).
 * Hosted base URLs can be pointed elsewhere with KNOWHOW_OPENAI_BASE_URL / KNOWHOW_TOGETHER_BASE_URL.
 */

type Run = (action: (context: CommandContext) => Promise<CommandResult>) => Promise<void>;

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

function registerPrepare(tune: Command, run: Run): void {
  tune
    .command('prepare')
    .description(
      'build a clean chat training set (train cases, accepted feedback, few-shot examples) with a data card and exports',
    )
    .option(
      '--model <model>',
      'the base model to tune: sets the token limit and goes into the exports (default: models.answer.model)',
    )
    .option(
      '--system-prompt <text>',
      'system prompt for every example (default: eval.systemPrompt, else knowhow’s)',
    )
    .option(
      '--hybrid',
      'insert retrieved passages exactly as RAG does (the tuned model learns to answer from context with citations)',
      false,
    )
    .option(
      '--validation-share <share>',
      'share held out for validation, stratified by tag',
      (value) => parseNumber(value, '--validation-share'),
      0.1,
    )
    .option('--max-tokens <n>', 'token limit per example (default: the model family’s)', (value) =>
      parsePositiveInteger(value, '--max-tokens'),
    )
    .option(
      '--chat-template <template>',
      'llama3 (default for Llama 3 models), chatml (default otherwise), a .jinja file, or the base model’s tokenizer_config.json',
    )
    .option('--feedback <file>', `feedback log to read (default: <dataDir>/${FEEDBACK_FILE})`)
    .option(
      '--include-unreviewed',
      'also train on feedback no reviewer approved yet (`knowhow feedback review`); rejected feedback never',
      false,
    )
    .option(
      '--include-groups <groups>',
      'train on cases, feedback and passages restricted to these groups (comma-separated); the tuned model is then served only to keys in all of them',
      collectList,
    )
    .option('--epochs <n>', 'epochs written into the exports', (value) =>
      parsePositiveInteger(value, '--epochs'),
    )
    .action(
      (options: {
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
      }) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
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
            (options.chatTemplate === undefined
              ? await ggufChatTemplate(baseModel, workspace.root)
              : undefined) ?? (await resolveChatTemplate(options.chatTemplate, context.cwd, baseModel));
          const tokenizer = await ggufTokenizer(baseModel, workspace.root);
          const systemPrompt = options.systemPrompt ?? config.eval.systemPrompt;
          const citing = feedback.entries.some((entry) => (entry.citedChunkIds ?? []).length > 0);
          const store = options.hybrid || citing ? await openStore(workspace) : undefined;
          try {
            const chunkGroups = store ? await readCitedChunkGroups(store, feedback.entries) : undefined;
            const [embedder, reranker] = options.hybrid
              ? await Promise.all([createEmbedder(workspace), createReranker(workspace)])
              : [undefined, undefined];
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
              ...(store && options.hybrid
                ? {
                    hybrid: {
                      retrieve: async (question: string, groups: string[]) =>
                        (
                          await retrieve({
                            store,
                            query: question,
                            reader: { kind: 'groups', groups },
                            k: config.retrieve.k,
                            mode: config.retrieve.mode,
                            candidates: config.retrieve.candidates,
                            ...(embedder ? { embedder } : {}),
                            ...(reranker && config.retrieve.rerank.enabled ? { reranker } : {}),
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
                .map(
                  (drop) =>
                    `    example ${drop.index} (${drop.source.kind} ${drop.source.ref}): ${drop.detail}`,
                ),
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
            await store?.close();
          }
        }),
    );
}

function registerLaunch(tune: Command, run: Run): void {
  tune
    .command('launch')
    .description(
      `start a fine-tuning job: --engine together (hosted LoRA), openai (closing: no new jobs after ${OPENAI_LAST_JOB_DAY}) or local (transformers + PEFT with this machine's Python)`,
    )
    .requiredOption('--engine <engine>', 'together | openai | local', parseEngineName)
    .option('--dataset <id>', 'prepared dataset (default: the latest)')
    .option(
      '--model <model>',
      'base model id at the engine (default: the model the dataset was prepared for)',
    )
    .option('--epochs <n>', 'training epochs', (value) => parsePositiveInteger(value, '--epochs'))
    .option('--suffix <text>', 'added to the tuned model’s name where the engine supports it', 'knowhow')
    .option('--python <command>', 'local: the Python to run (default python3)')
    .option(
      '--tiny-random-model',
      'local: smoke test with a small random model (no download, 5 steps)',
      false,
    )
    .addHelpText(
      'after',
      `\nNote: ${OPENAI_CLOSING_NOTICE}\nHosted base URLs: KNOWHOW_OPENAI_BASE_URL, KNOWHOW_TOGETHER_BASE_URL; keys: OPENAI_API_KEY, TOGETHER_API_KEY.`,
    )
    .action(
      (options: {
        engine: EngineName;
        dataset?: string;
        model?: string;
        epochs?: number;
        suffix: string;
        python?: string;
        tinyRandomModel: boolean;
      }) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
          const engine = engineFor(options.engine, workspace, context, {
            ...(options.python ? { python: options.python } : {}),
            tinyRandomModel: options.tinyRandomModel,
          });
          const baseURL =
            options.engine === 'openai'
              ? process.env.KNOWHOW_OPENAI_BASE_URL
              : options.engine === 'together'
                ? process.env.KNOWHOW_TOGETHER_BASE_URL
                : undefined;
          const apiKeyEnv =
            options.engine === 'openai'
              ? 'OPENAI_API_KEY'
              : options.engine === 'together'
                ? 'TOGETHER_API_KEY'
                : undefined;
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
        }),
    );
}

function registerStatus(tune: Command, run: Run): void {
  tune
    .command('status')
    .description('show a job’s status, progress and loss (the latest job when none is named)')
    .argument('[job]', 'job id')
    .option('--follow', 'keep polling until the job ends', false)
    .option(
      '--interval <seconds>',
      'seconds between polls with --follow',
      (value) => parseNumber(value, '--interval'),
      15,
    )
    .action((jobId: string | undefined, options: { follow: boolean; interval: number }) =>
      run(async (context) => {
        const workspace = await openWorkspace(context);
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
      }),
    );
}

function registerCancel(tune: Command, run: Run): void {
  tune
    .command('cancel')
    .description('cancel a running job')
    .argument('<job>', 'job id')
    .action((jobId: string) =>
      run(async (context) => {
        const workspace = await openWorkspace(context);
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
      }),
    );
}

function registerRegister(tune: Command, run: Run): void {
  tune
    .command('register')
    .description(
      'record a tuned model in .knowhow/models.json: the next eval runs it as the tuned and hybrid variants',
    )
    .option(
      '--job <id>',
      'a finished hosted job (default: the latest job), or the local job an adapter came from',
    )
    .option('--adapter <file>', 'GGUF LoRA adapter (local training, after convert-lora)')
    .option('--base <file>', 'GGUF base model the adapter applies to')
    .option('--dataset <id>', 'with --adapter and no --job: the dataset it was trained on')
    .option('--name <name>', 'registry name (default: the model id or adapter file name)')
    .option('--cost-usd <usd>', 'what training cost, for the cost model', (value) =>
      parseNumber(value, '--cost-usd'),
    )
    .option(
      '--allow-template-mismatch',
      'register even if the base model’s chat template differs from the training one',
      false,
    )
    .action(
      (options: {
        job?: string;
        adapter?: string;
        base?: string;
        dataset?: string;
        name?: string;
        costUsd?: number;
        allowTemplateMismatch: boolean;
      }) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
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
        }),
    );
}

async function latestRunDirectory(runsDirectory: string): Promise<string> {
  let names: string[] = [];
  try {
    names = await readdir(runsDirectory);
  } catch {
    // No runs yet.
  }
  const dated: { directory: string; modified: number }[] = [];
  for (const name of names) {
    try {
      dated.push({
        directory: path.join(runsDirectory, name),
        modified: (await stat(path.join(runsDirectory, name, 'rows.jsonl'))).mtimeMs,
      });
    } catch {
      // Not a run folder.
    }
  }
  dated.sort((a, b) => a.modified - b.modified);
  const latest = dated.pop();
  if (!latest)
    throw new KnowhowError('INPUT_NOT_FOUND', `No eval run in ${runsDirectory}.`, {
      hint: 'Run `knowhow eval` with a registered tuned model first.',
    });
  return latest.directory;
}

function registerRegress(tune: Command, run: Run): void {
  tune
    .command('regress')
    .description(
      'catastrophic-forgetting check: out-of-domain cases the base model passed and the tuned model fails, from an eval run',
    )
    .option('--run <id>', 'eval run id (default: the latest)')
    .option(
      '--domain-tags <tags>',
      'tags of the tuned domain: every other case is out of domain (default: cases tagged general or without sources)',
      collectList,
    )
    .action((options: { run?: string; domainTags?: string[] }) =>
      run(async (context) => {
        const workspace = await openWorkspace(context);
        const runDirectory = options.run
          ? path.join(tunePaths.runs(workspace.dataDir), options.run)
          : await latestRunDirectory(tunePaths.runs(workspace.dataDir));
        const rows = await readRows(runDirectory);
        if (rows.length === 0)
          throw new KnowhowError('INPUT_NOT_FOUND', `Run ${runDirectory} has no rows.`, {
            hint: 'Check the run id (see .knowhow/runs).',
          });
        const { cases } = await loadCases({ directory: workspace.config.eval.cases, root: workspace.root });
        const regressionCases = pickRegressionCases(cases, options.domainTags);
        const report = compareRegression({ baseRows: rows, tunedRows: rows, cases: regressionCases });
        return {
          data: {
            run: path.basename(runDirectory),
            cases: regressionCases.map((testCase) => testCase.id),
            report,
          },
          text: `Run ${path.basename(runDirectory)}, ${regressionCases.length} out-of-domain case(s).\n${renderRegressionReport(report)}`,
        };
      }),
    );
}

function registerConvert(tune: Command, run: Run): void {
  tune
    .command('convert-lora')
    .description(
      'convert a PEFT (safetensors) LoRA adapter to a GGUF LoRA adapter for llama-cpp, with llama.cpp’s convert_lora_to_gguf.py',
    )
    .argument('<peft-dir>', 'adapter folder (adapter_config.json + adapter_model.safetensors)')
    .requiredOption(
      '--base <hf-dir>',
      'Hugging Face folder of the base model (config.json; weights not needed)',
    )
    .requiredOption('--out <file>', 'the GGUF adapter to write')
    .option('--outtype <type>', 'f32 | f16 | bf16 | q8_0', 'f16')
    .option('--python <command>', 'the Python to run (default python3)')
    .action(
      (
        adapterDirectory: string,
        options: { base: string; out: string; outtype: 'f32' | 'f16' | 'bf16' | 'q8_0'; python?: string },
      ) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
          const result = await convertLoraToGguf({
            adapterDirectory: path.resolve(context.cwd, adapterDirectory),
            baseDirectory: path.resolve(context.cwd, options.base),
            output: path.resolve(context.cwd, options.out),
            cacheDirectory: path.join(tunePaths.cache(workspace.dataDir), 'llama-cpp-convert'),
            outType: options.outtype,
            ...(options.python ? { python: options.python } : {}),
          });
          return {
            data: { output: result.output, converter: result.converter },
            text: `Wrote ${result.output} (llama.cpp ${result.converter.commit.slice(0, 10)} convert_lora_to_gguf.py).\nNext: knowhow tune register --adapter ${result.output} --base <base.gguf> --job <local job id>`,
          };
        }),
    );
}

export const tuneCommand: CommandSpec = {
  register(program, run) {
    const tune = program
      .command('tune')
      .description(
        'fine-tuning: prepare data, launch and follow jobs, register the tuned model, check for forgetting',
      )
      .addHelpText('after', `\n${OPENAI_CLOSING_NOTICE}`);
    registerPrepare(tune, run);
    registerLaunch(tune, run);
    registerStatus(tune, run);
    registerCancel(tune, run);
    registerRegister(tune, run);
    registerRegress(tune, run);
    registerConvert(tune, run);
  },
};

import type { Command } from 'commander';
import { FEEDBACK_FILE } from '../../core/feedback-types.js';
// The light files of tune's engines: registering `tune` must not load the engines themselves.
import { OPENAI_CLOSING_NOTICE, OPENAI_LAST_JOB_DAY } from '../../tune/engines/openai-deadline.js';
import type { CommandSpec, RunCommand } from '../main.js';
import { collectList, parseNumber, parsePositiveInteger } from '../parse-options.js';

/**
 * `knowhow tune …`: fine-tuning data (prepare), jobs on real engines (launch, status, cancel),
 * the model registry (register), the forgetting check (regress) and PEFT → GGUF (convert-lora).
 * Hosted base URLs can be pointed elsewhere with KNOWHOW_OPENAI_BASE_URL / KNOWHOW_TOGETHER_BASE_URL.
 */

type Run = RunCommand;

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
      }) => run(async (context) => (await import('../actions/tune.js')).runTunePrepare(context, options)),
    );
}

function registerLaunch(tune: Command, run: Run): void {
  tune
    .command('launch')
    .description(
      `start a fine-tuning job: --engine together (hosted LoRA), openai (closing: no new jobs after ${OPENAI_LAST_JOB_DAY}) or local (transformers + PEFT with this machine's Python)`,
    )
    .requiredOption('--engine <engine>', 'together | openai | local')
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
        engine: string;
        dataset?: string;
        model?: string;
        epochs?: number;
        suffix: string;
        python?: string;
        tinyRandomModel: boolean;
      }) => run(async (context) => (await import('../actions/tune.js')).runTuneLaunch(context, options)),
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
      run(async (context) => (await import('../actions/tune.js')).runTuneStatus(context, jobId, options)),
    );
}

function registerCancel(tune: Command, run: Run): void {
  tune
    .command('cancel')
    .description('cancel a running job')
    .argument('<job>', 'job id')
    .action((jobId: string) =>
      run(async (context) => (await import('../actions/tune.js')).runTuneCancel(context, jobId)),
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
      }) => run(async (context) => (await import('../actions/tune.js')).runTuneRegister(context, options)),
    );
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
    .option(
      '--fail-on-loss [points]',
      'exit non-zero (REGRESSION_LOSS) when the tuned model lost more than this many percentage points of the pairs compared; no value: any lost case',
    )
    .action((options: { run?: string; domainTags?: string[]; failOnLoss?: string | boolean }) =>
      run(async (context) => (await import('../actions/tune.js')).runTuneRegress(context, options)),
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
        run(async (context) =>
          (await import('../actions/tune.js')).runTuneConvert(context, adapterDirectory, options),
        ),
    );
}

export const tuneCommand: CommandSpec = {
  name: 'tune',
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

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KnowhowError } from '../../core/errors.js';
import { defaultHyperparameters } from '../hyperparameters.js';
import { createLocalEngine } from './local.js';
import { probePython } from './probe-python.js';

let dataDir: string;
let datasetDirectory: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
  datasetDirectory = path.join(dataDir, 'tune', 'ds-test');
  await import('node:fs/promises').then((fs) => fs.mkdir(datasetDirectory, { recursive: true }));
  await writeFile(path.join(datasetDirectory, 'train_config.json'), '{}');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const allPresent = async () => ({
  python: '3.11.7',
  packages: {
    torch: '2.5.0',
    transformers: '4.46.0',
    peft: '0.13.0',
    accelerate: '1.0.0',
    datasets: null,
    trl: null,
  },
  missing: ['datasets', 'trl'],
});
const input = () => ({
  model: 'tiny',
  trainingFileId: 'train.jsonl',
  hyperparameters: defaultHyperparameters(512),
  datasetDirectory,
});
const waitFor = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out');
};

describe('probePython', () => {
  it('reports this machine’s Python and exactly which packages are missing', async () => {
    const probe = await probePython({ packages: ['json', 'surely_not_a_real_package_knowhow'] });
    expect(probe.python).toMatch(/^3\./);
    expect(probe.missing).toEqual(['surely_not_a_real_package_knowhow']);
    const absent = await probePython({ python: 'no-such-python-knowhow', packages: ['torch'] });
    expect(absent).toMatchObject({
      python: null,
      missing: ['torch'],
      error: 'no-such-python-knowhow was not found on PATH',
    });
  });
});

describe('local engine', () => {
  it('names the missing packages and the pip command instead of starting', async () => {
    const engine = createLocalEngine({
      dataDir,
      probe: async () => ({
        python: '3.11.7',
        packages: { torch: null, transformers: '4.46.0', peft: null, accelerate: '1.0.0' },
        missing: ['torch', 'peft'],
      }),
    });
    const error = (await engine.createJob(input()).catch((caught: unknown) => caught)) as KnowhowError;
    expect(error.code).toBe('PROVIDER_CONFIG');
    expect(error.message).toContain('is missing torch, peft; it has transformers 4.46.0, accelerate 1.0.0');
    expect(error.hint).toContain('python3 -m pip install torch peft');
  });

  it('runs the training script in the background and reads status, loss and the adapter from its log', async () => {
    await writeFile(
      path.join(datasetDirectory, 'train_lora.py'),
      [
        'import json, sys',
        'out = sys.argv[sys.argv.index("--output-dir") + 1]',
        'for event in [{"event": "start"}, {"event": "step", "step": 1, "total_steps": 2, "loss": 2.5}, {"event": "step", "step": 2, "total_steps": 2, "loss": 1.5}, {"event": "eval", "step": 2, "eval_loss": 1.7}, {"event": "done", "adapter_dir": out}]:',
        '    print(json.dumps(event), flush=True)',
      ].join('\n'),
    );
    const engine = createLocalEngine({ dataDir, probe: allPresent });
    const job = await engine.createJob(input());
    expect(job.id).toMatch(/^local-/);
    await waitFor(async () => (await engine.getJob(job.id)).status === 'succeeded');
    const done = await engine.getJob(job.id);
    expect(done.resultModel).toBe(path.join(dataDir, 'tune', 'local-jobs', job.id, 'adapter'));
    const events = await engine.listEvents(job.id);
    expect(events.filter((event) => event.loss !== undefined).map((event) => event.loss)).toEqual([2.5, 1.5]);
    expect(events.find((event) => event.evalLoss !== undefined)?.evalLoss).toBe(1.7);
  });

  it('reports a script failure with its message, and cancels a running job', async () => {
    await writeFile(
      path.join(datasetDirectory, 'train_lora.py'),
      [
        'import json, sys, time',
        'if "--slow" in sys.argv:',
        '    time.sleep(30)',
        'print(json.dumps({"event": "error", "message": "ValueError: no training example fits max_seq_length"}))',
        'sys.exit(1)',
      ].join('\n'),
    );
    const failing = createLocalEngine({ dataDir, probe: allPresent });
    const job = await failing.createJob(input());
    await waitFor(async () => (await failing.getJob(job.id)).status === 'failed');
    expect((await failing.getJob(job.id)).error).toBe('ValueError: no training example fits max_seq_length');

    const slow = createLocalEngine({ dataDir, probe: allPresent, scriptArguments: ['--slow'] });
    const running = await slow.createJob(input());
    expect((await slow.getJob(running.id)).status).not.toBe('failed');
    expect((await slow.cancelJob(running.id)).status).toBe('cancelled');
    expect((await slow.getJob(running.id)).status).toBe('cancelled');
  });
});

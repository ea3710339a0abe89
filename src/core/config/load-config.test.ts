import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configTemplate } from '../../cli/templates/config-template.js';
import { KnowhowError } from '../errors.js';
import { loadConfig, parseConfigText } from './load-config.js';
import { providerNames } from './provider-catalog.js';

function configError(text: string): KnowhowError {
  try {
    parseConfigText(text, 'knowhow.yaml');
  } catch (error) {
    if (KnowhowError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a config error');
}

describe('parseConfigText', () => {
  it('accepts the init template and fills defaults', () => {
    const config = parseConfigText(configTemplate);
    expect(config.chunk.maxTokens).toBe(400);
    expect(config.retrieve.mode).toBe('bm25');
    expect(config.eval.variants).toContain('oracle');
  });

  it('names an unknown key with its line, a suggestion and the allowed keys', () => {
    const error = configError('project: x\nchunk:\n  maxTokns: 300\n');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('knowhow.yaml:3');
    expect(error.message).toContain('chunk.maxTokns');
    expect(error.message).toContain('Did you mean "maxTokens"?');
    expect(error.message).toContain('Allowed: maxTokens, overlapTokens');
  });

  it('names a wrong type with the line and what was found', () => {
    const error = configError('retrieve:\n  k: lots\n');
    expect(error.message).toContain('knowhow.yaml:2 retrieve.k: expected number, got string "lots"');
  });

  it('takes every check threshold from eval.thresholds, and names a bad one with its line and range', () => {
    const config = parseConfigText('eval:\n  thresholds:\n    f1: 0.4\n    recall: 1\n');
    expect(config.eval.thresholds).toEqual({ f1: 0.4, recall: 1 });
    const error = configError('eval:\n  thresholds:\n    f1: 1.5\n');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('knowhow.yaml:3 eval.thresholds.f1');
    expect(error.message).toMatch(/1/);
    const typo = configError('eval:\n  thresholds:\n    recal: 0.5\n');
    expect(typo.message).toContain('Did you mean "recall"?');
  });

  it('lists the allowed values of an enum', () => {
    const error = configError('retrieve:\n  mode: semantic\n');
    expect(error.message).toMatch(
      /retrieve\.mode: "semantic" is not allowed\. Allowed: bm25, dense, hybrid\./,
    );
  });

  it('takes the providers from the registry, and refuses a setting the provider does not read', () => {
    expect(configError('models:\n  answer: { provider: nope, model: x }\n').message).toContain(
      `knowhow.yaml:2 models.answer.provider: "nope" is not allowed. Allowed: ${providerNames.join(', ')}.`,
    );
    const error = configError('models:\n  answer: { provider: anthropic, model: claude, lora: a.gguf }\n');
    expect(error.message).toContain(
      'knowhow.yaml:2 models.answer.lora: provider "anthropic" does not read lora',
    );
    expect(error.message).toContain('baseURL, apiKeyEnv');
  });

  it('pins the tuned model by registered name or by a full entry, with clear errors for either', () => {
    expect(parseConfigText('models:\n  tuned: helpdesk-tuned\n').models.tuned).toBe('helpdesk-tuned');
    expect(
      parseConfigText('models:\n  tuned: { provider: llama-cpp, model: b.gguf, lora: a.gguf }\n').models
        .tuned,
    ).toMatchObject({ provider: 'llama-cpp', lora: 'a.gguf' });
    expect(configError('models:\n  tuned: { provider: nope, model: x }\n').message).toContain(
      'models.tuned.provider: "nope" is not allowed.',
    );
    expect(configError('models:\n  tuned: { provider: llama-cpp, model: x, lorra: y }\n').message).toContain(
      'models.tuned.lorra: unknown key "lorra". Did you mean "lora"?',
    );
  });

  it('refuses a YAML alias bomb as CONFIG_INVALID naming the file, without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const name of 'bcdefghi') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = performance.now();
    const error = configError(`${levels.join('\n')}\n`);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('knowhow.yaml');
    expect(error.message).toMatch(/alias/i);
    expect(error.hint).toMatch(/anchor|alias/i);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reads retrieve.language by name or ISO code, and lists the languages it knows otherwise', () => {
    expect(parseConfigText('retrieve:\n  language: es\n').retrieve.language).toBe('spanish');
    expect(parseConfigText('retrieve:\n  language: Greek\n').retrieve.language).toBe('greek');
    expect(parseConfigText('retrieve:\n  language: auto\n').retrieve.language).toBe('auto');
    expect(parseConfigText('').retrieve.language).toBe('english');
    const error = configError('retrieve:\n  language: klingon\n');
    expect(error.message).toMatch(
      /knowhow\.yaml:2 retrieve\.language: "klingon" is not allowed\. Allowed: auto, arabic,/,
    );
    expect(error.message).toContain('thai');
    expect(error.message).toContain(' es,');
  });

  it('reports YAML syntax errors with the position', () => {
    const error = configError('chunk:\n  maxTokens: [1, 2\n');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details.line).toBeTypeOf('number');
  });
});

describe('loadConfig', () => {
  let directory: string;
  afterEach(async () => rm(directory, { recursive: true, force: true }));

  it('finds knowhow.yaml in a parent folder and resolves the data dir beside it', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-config-'));
    await writeFile(path.join(directory, 'knowhow.yaml'), 'dataDir: .data\n');
    const nested = path.join(directory, 'a');
    await import('node:fs/promises').then((fs) => fs.mkdir(nested));
    const loaded = await loadConfig({ cwd: nested });
    expect(loaded.root).toBe(directory);
    expect(loaded.dataDir).toBe(path.join(directory, '.data'));
  });

  it('refuses a config that is not UTF-8, naming the file and the byte offset', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-config-'));
    const file = path.join(directory, 'knowhow.yaml');
    // "project: café" saved as Latin-1: a lone 0xE9 byte.
    await writeFile(file, Buffer.from([...Buffer.from('project: caf'), 0xe9, 0x0a]));
    const error = await loadConfig({ cwd: directory }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    const known = error as KnowhowError;
    expect(known.message).toContain(file);
    expect(known.message).toMatch(/UTF-8/);
    expect(known.message).toContain('line 1');
    expect(known.hint).toMatch(/UTF-8/);
  });

  it('runs on defaults when there is no file, unless one is required', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-config-'));
    const loaded = await loadConfig({ cwd: directory });
    expect(loaded.file).toBeNull();
    await expect(loadConfig({ cwd: directory, required: true })).rejects.toMatchObject({
      code: 'CONFIG_NOT_FOUND',
    });
  });
});

describe('suggestions', () => {
  it('reads index.engine postgres with its settings, and refuses a password in index.url naming urlEnv', () => {
    const config = parseConfigText(
      'index:\n  engine: postgres\n  url: postgres://knowhow@db.internal:5432/kb\n',
    );
    expect(config.index).toMatchObject({
      engine: 'postgres',
      url: 'postgres://knowhow@db.internal:5432/kb',
      urlEnv: 'KNOWHOW_DATABASE_URL',
      schema: 'knowhow',
      k1: 1.2,
      b: 0.75,
      efSearch: 400,
    });
    expect(configError('index:\n  efSearch: 5000\n').message).toContain('index.efSearch');
    const error = configError(
      'index:\n  engine: postgres\n  urlEnv: KB_DATABASE\n  url: postgres://knowhow:s3cret-pass@db.internal/kb\n',
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('knowhow.yaml:4 index.url');
    expect(error.message).toContain('KB_DATABASE');
    // The secret itself is never repeated.
    expect(`${error.message} ${error.hint ?? ''} ${JSON.stringify(error.details ?? {})}`).not.toContain(
      's3cret',
    );
    expect(configError('index:\n  schema: Bad-Name\n').message).toContain('index.schema');
  });

  it('suggests the full key for a truncated one', () => {
    const error = configError('chunk:\n  overlap: 20\n');
    expect(error.message).toContain('Did you mean "overlapTokens"?');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configTemplate } from '../../cli/templates/config-template.js';
import { KnowhowError } from '../errors.js';
import { loadConfig, parseConfigText } from './load-config.js';

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

  it('lists the allowed values of an enum', () => {
    const error = configError('retrieve:\n  mode: semantic\n');
    expect(error.message).toMatch(
      /retrieve\.mode: "semantic" is not allowed\. Allowed: bm25, dense, hybrid\./,
    );
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
  it('suggests the full key for a truncated one', () => {
    const error = configError('chunk:\n  overlap: 20\n');
    expect(error.message).toContain('Did you mean "overlapTokens"?');
  });
});

import { describe, expect, it } from 'vitest';
import { KnowhowError } from '../../core/errors.js';
import { importOptional } from './optional-package.js';

describe('importOptional', () => {
  const optional = { name: 'knowhow-package-that-is-not-installed', neededFor: 'A test feature' };

  it('turns a package that is not installed into PROVIDER_CONFIG naming the install command', async () => {
    const error = await importOptional(optional, () => import(optional.name)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(KnowhowError);
    expect((error as KnowhowError).code).toBe('PROVIDER_CONFIG');
    expect((error as KnowhowError).message).toContain('A test feature needs the optional package');
    expect((error as KnowhowError).hint).toContain('npm install knowhow-package-that-is-not-installed');
  });

  it('passes any other failure through unchanged', async () => {
    const broken = Object.assign(new Error("Cannot find package 'some-dependency-of-it'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(importOptional(optional, () => Promise.reject(broken))).rejects.toBe(broken);
    expect(await importOptional(optional, async () => 42)).toBe(42);
  });
});

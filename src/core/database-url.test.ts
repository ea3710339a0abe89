import { describe, expect, it } from 'vitest';
import { redactDatabaseUrl, resolveDatabaseUrl } from './database-url.js';

describe('resolveDatabaseUrl', () => {
  it('takes the URL from the environment first, then from the file', () => {
    const env = { KNOWHOW_DATABASE_URL: 'postgres://app:s3cret@db:5432/kb' };
    expect(resolveDatabaseUrl({ url: 'postgres://other@db/kb', env })).toBe(env.KNOWHOW_DATABASE_URL);
    expect(resolveDatabaseUrl({ url: 'postgres://app@db/kb', env: {} })).toBe('postgres://app@db/kb');
    expect(resolveDatabaseUrl({ urlEnv: 'TEAM_DB', env: { TEAM_DB: 'postgresql://x@y/z' } })).toBe(
      'postgresql://x@y/z',
    );
  });

  it('refuses a password written in knowhow.yaml, naming the variable to use instead', () => {
    expect(() => resolveDatabaseUrl({ url: 'postgres://app:s3cret@db/kb', env: {} })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        hint: expect.stringContaining('KNOWHOW_DATABASE_URL'),
        message: expect.not.stringContaining('s3cret'),
      }),
    );
  });

  it('says which variable to set when there is no URL at all, and rejects other schemes', () => {
    expect(() => resolveDatabaseUrl({ urlEnv: 'TEAM_DB', env: {} })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('TEAM_DB') }),
    );
    expect(() => resolveDatabaseUrl({ env: { KNOWHOW_DATABASE_URL: 'mysql://a@b/c' } })).toThrow(/postgres/);
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps what helps diagnosis', () => {
    expect(redactDatabaseUrl('postgres://app:s3cret@db.internal:6543/kb?sslmode=require')).toBe(
      'postgres://app:***@db.internal:6543/kb?sslmode=require',
    );
    expect(redactDatabaseUrl('not a url s3cret')).not.toContain('s3cret');
  });
});

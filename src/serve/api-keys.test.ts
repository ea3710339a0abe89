import { describe, expect, it } from 'vitest';
import { KnowhowError } from '../core/errors.js';
import { createKeyMatcher, parseApiKeysEnv, principalFor, resolveApiKeys } from './api-keys.js';

describe('resolveApiKeys', () => {
  it('reads literal keys, keyEnv keys and KNOWHOW_API_KEYS, normalising groups', () => {
    const keys = resolveApiKeys({
      serve: {
        keys: [
          { name: 'bot', key: 'literal-key-123', groups: [' Support ', 'support'] },
          { name: 'ops', keyEnv: 'OPS_KEY', groups: ['admin'] },
        ],
      },
      env: { OPS_KEY: 'ops-key-12345', KNOWHOW_API_KEYS: 'site:site-key-1234:; hr:hr-key-12345:hr,Admin' },
    });
    expect(keys).toEqual([
      { name: 'bot', key: 'literal-key-123', groups: ['support'] },
      { name: 'ops', key: 'ops-key-12345', groups: ['admin'] },
      { name: 'site', key: 'site-key-1234', groups: [] },
      { name: 'hr', key: 'hr-key-12345', groups: ['hr', 'admin'] },
    ]);
  });

  it('fails with CONFIG_INVALID naming the key when its variable is unset', () => {
    const attempt = () =>
      resolveApiKeys({ serve: { keys: [{ name: 'ops', keyEnv: 'MISSING_KEY', groups: [] }] }, env: {} });
    expect(attempt).toThrow(KnowhowError);
    expect(attempt).toThrow(/serve\.keys\[0\].*MISSING_KEY/);
  });

  it('refuses short, duplicate-named and duplicate-valued keys', () => {
    const resolve = (keys: { name: string; key: string; groups: string[] }[]) => () =>
      resolveApiKeys({ serve: { keys }, env: {} });
    expect(resolve([{ name: 'a', key: 'short', groups: [] }])).toThrow(/shorter/);
    expect(
      resolve([
        { name: 'a', key: 'key-aaaaaaaa', groups: [] },
        { name: 'a', key: 'key-bbbbbbbb', groups: [] },
      ]),
    ).toThrow(/named "a"/);
    expect(
      resolve([
        { name: 'a', key: 'key-aaaaaaaa', groups: [] },
        { name: 'b', key: 'key-aaaaaaaa', groups: [] },
      ]),
    ).toThrow(/same key/);
  });

  it('explains a malformed KNOWHOW_API_KEYS entry', () => {
    expect(() => parseApiKeysEnv('just-a-key')).toThrow(/name:key:groups/);
  });
});

describe('createKeyMatcher', () => {
  it('finds the exact key only', () => {
    const keys = [
      { name: 'a', key: 'key-aaaaaaaa', groups: ['x'] },
      { name: 'b', key: 'key-bbbbbbbb', groups: ['admin'] },
    ];
    const match = createKeyMatcher(keys);
    expect(match('key-bbbbbbbb')?.name).toBe('b');
    expect(match('key-bbbbbbb')).toBeUndefined();
    expect(match('')).toBeUndefined();
    expect(principalFor(keys[1]!)).toMatchObject({
      isAdmin: true,
      reader: { kind: 'groups', groups: ['admin'] },
    });
    expect(principalFor(keys[0]!).isAdmin).toBe(false);
  });
});

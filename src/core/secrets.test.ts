import { afterEach, describe, expect, it } from 'vitest';
import { KnowhowError } from './errors.js';
import {
  forgetSecrets,
  hasSecrets,
  REDACTED,
  redactDeep,
  redactSecrets,
  registerSecret,
  registerSecretHeaders,
} from './secrets.js';

afterEach(() => forgetSecrets());

describe('the secret registry', () => {
  it('redacts a registered value wherever it stands, and its JSON and URL forms', () => {
    registerSecret('sk-live-"quoted"/key+1');
    expect(redactSecrets('key sk-live-"quoted"/key+1 here')).toBe(`key ${REDACTED} here`);
    expect(redactSecrets(JSON.stringify({ message: 'echo sk-live-"quoted"/key+1' }))).toBe(
      `{"message":"echo ${REDACTED}"}`,
    );
    expect(redactSecrets(`?key=${encodeURIComponent('sk-live-"quoted"/key+1')}`)).toBe(`?key=${REDACTED}`);
  });

  it('ignores short and missing values, so that ordinary words are never blanked', () => {
    registerSecret('test');
    registerSecret(undefined);
    registerSecret('   ');
    expect(hasSecrets()).toBe(false);
    expect(redactSecrets('a test answer')).toBe('a test answer');
  });

  it('redacts the longer of two overlapping secrets whole', () => {
    registerSecret('abcdefgh');
    registerSecret('abcdefgh-longer-key');
    expect(redactSecrets('x abcdefgh-longer-key y abcdefgh')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it('registers credential headers, with and without their scheme', () => {
    registerSecretHeaders({ Authorization: 'Bearer tok-0123456789', 'X-Trace': 'trace-id-visible' });
    expect(redactSecrets('sent Bearer tok-0123456789 and tok-0123456789 trace-id-visible')).toBe(
      `sent ${REDACTED} and ${REDACTED} trace-id-visible`,
    );
  });

  it('redacts deep inside plain objects and arrays, keeping the same object when nothing matches', () => {
    registerSecret('sk-deep-0123456789');
    const row = {
      error: { code: 'PROVIDER_AUTH', message: 'bad sk-deep-0123456789' },
      list: ['sk-deep-0123456789'],
    };
    expect(redactDeep(row)).toEqual({
      error: { code: 'PROVIDER_AUTH', message: `bad ${REDACTED}` },
      list: [REDACTED],
    });
    expect(row.error.message).toBe('bad sk-deep-0123456789');
    const clean = { a: ['b'] };
    expect(redactDeep(clean)).toBe(clean);
  });

  it('KnowhowError messages, hints and details never hold a registered secret', () => {
    registerSecret('sk-error-0123456789');
    const error = new KnowhowError('PROVIDER_AUTH', 'rejected sk-error-0123456789', {
      hint: 'check sk-error-0123456789',
      details: { body: 'sk-error-0123456789' },
    });
    expect(JSON.stringify(error.toJSON())).not.toContain('sk-error');
    expect(error.message).toBe(`rejected ${REDACTED}`);
  });
});

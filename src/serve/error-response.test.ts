import { describe, expect, it } from 'vitest';
import { errorCodes } from '../core/error-codes.js';
import { KnowhowError } from '../core/errors.js';
import { scrubPaths, toErrorResponse } from './error-response.js';

describe('toErrorResponse', () => {
  it('takes the status from the error-code table for every code', () => {
    for (const [code, entry] of Object.entries(errorCodes)) {
      const response = toErrorResponse(new KnowhowError(code as keyof typeof errorCodes, 'message'));
      expect(response.status).toBe(entry.http);
      expect(response.body.error).toMatchObject({ code, type: code.toLowerCase() });
    }
  });

  it('keeps hints and params, hides internal messages', () => {
    const known = toErrorResponse(
      new KnowhowError('INPUT_INVALID', 'bad field', { hint: 'fix it', details: { param: 'k' } }),
    );
    expect(known.body).toEqual({
      error: {
        code: 'INPUT_INVALID',
        message: 'bad field',
        type: 'input_invalid',
        param: 'k',
        hint: 'fix it',
      },
    });
    const internal = toErrorResponse(new TypeError('x.y is not a function'));
    expect(internal.status).toBe(500);
    expect(internal.body.error.message).not.toContain('x.y');
  });
});

describe('scrubPaths', () => {
  it('removes known roots and masks other absolute paths', () => {
    expect(scrubPaths('cannot read /srv/app/.knowhow/index/x.lance now', ['/srv/app/.knowhow'])).toBe(
      'cannot read index/x.lance now',
    );
    expect(scrubPaths('open "/var/lib/secret.db" failed')).toBe('open "<path>" failed');
    expect(scrubPaths('at C:\\Users\\me\\x.md')).toBe('at <path>');
    expect(scrubPaths('billing/refunds.md and 3/4 of cases')).toBe('billing/refunds.md and 3/4 of cases');
    expect(scrubPaths('There is no GET /v1/nothing-here. The dashboard is at /.')).toBe(
      'There is no GET /v1/nothing-here. The dashboard is at /.',
    );
  });

  it('never garbles a user-supplied name that merely contains a root (only whole path prefixes go)', () => {
    // The server's roots include the home folder (/root here) and the project (/srv/app).
    const roots = ['/srv/app', '/root'];
    expect(scrubPaths('cannot ingest "docs/root-cause.md": bad PDF', roots)).toBe(
      'cannot ingest "docs/root-cause.md": bad PDF',
    );
    expect(scrubPaths('The model "/srv/app-v2/tuned" is not served here.', roots)).toBe(
      'The model "<path>" is not served here.',
    );
    expect(scrubPaths('run /srv/application failed; see /srv/app/.knowhow/runs/x', roots)).toBe(
      'run <path> failed; see .knowhow/runs/x',
    );
    expect(scrubPaths('no case "refund/root/tax" and no key srv/app', roots)).toBe(
      'no case "refund/root/tax" and no key srv/app',
    );
    expect(scrubPaths('folder /srv/app is read-only', roots)).toBe('folder . is read-only');
    expect(scrubPaths('cannot write /srv/app.', roots)).toBe('cannot write ..');
    expect(scrubPaths('cannot write /srv/app.md', roots)).toBe('cannot write <path>');
  });
});

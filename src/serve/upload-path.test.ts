import { describe, expect, it } from 'vitest';
import { toUploadPath } from './upload-path.js';

describe('toUploadPath', () => {
  it('keeps relative names and normalises separators', () => {
    expect(toUploadPath('billing/refunds.md', 'files[0]')).toBe('billing/refunds.md');
    expect(toUploadPath('./a//b\\c.md', 'files[0]')).toBe('a/b/c.md');
  });

  it.each([
    ['../x.md', '..'],
    ['a/../../x.md', '..'],
    ['..\\x.md', '..'],
    ['/etc/passwd', 'absolute'],
    ['\\\\server\\share\\x.md', 'absolute'],
    ['C:\\x.md', 'absolute'],
    ['a\u0000.md', 'control'],
    ['', 'empty'],
    ['./', 'names no file'],
    [`${'a'.repeat(300)}.md`, 'longer than 255'],
  ])('refuses %j', (name, why) => {
    expect(() => toUploadPath(name, 'files[3]')).toThrow(why);
    try {
      toUploadPath(name, 'files[3]');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INPUT_INVALID', details: { param: 'files[3]' } });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { readerMayRead } from './reader-access.js';
import { EVERYONE } from './types.js';

describe('readerMayRead', () => {
  it('lets everyone read public documents and a group read its own, as the index query does', () => {
    expect(readerMayRead({ kind: 'groups', groups: [] }, ['public'])).toBe(true);
    expect(readerMayRead({ kind: 'groups', groups: ['public'] }, ['support'])).toBe(false);
    expect(readerMayRead({ kind: 'groups', groups: [' Support '] }, ['support'])).toBe(true);
    expect(readerMayRead({ kind: 'groups', groups: ['sales'] }, ['support', 'staff'])).toBe(false);
    expect(readerMayRead(EVERYONE, ['support'])).toBe(true);
  });
});

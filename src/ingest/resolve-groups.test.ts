import { describe, expect, it } from 'vitest';
import { PUBLIC_GROUP } from '../core/types.js';
import { createGroupResolver, normalizeGroups, readGroupsValue } from './resolve-groups.js';

describe('createGroupResolver', () => {
  const rules = [
    { match: 'hr/**', groups: ['HR'] },
    { match: '**/*.pdf', groups: ['Legal', 'hr'] },
  ];

  it('prefers the document own groups, then the first matching rule, then --groups, then public', () => {
    const resolve = createGroupResolver({ rules, defaultGroups: ['Staff'] });
    expect(resolve({ id: 'hr/a.md', path: 'hr/a.md', groups: ['exec'] })).toEqual(['exec']);
    expect(resolve({ id: 'hr/a.pdf', path: 'hr/a.pdf' })).toEqual(['hr']);
    expect(resolve({ id: 'x/a.pdf', path: 'x/a.pdf' })).toEqual(['hr', 'legal']);
    expect(resolve({ id: 'x/a.md', path: 'x/a.md' })).toEqual(['staff']);
    expect(createGroupResolver({ rules })({ id: 'x/a.md', path: 'x/a.md' })).toEqual([PUBLIC_GROUP]);
  });

  it('matches rules against the file of a record as well as its id', () => {
    const resolve = createGroupResolver({ rules: [{ match: '**/*.jsonl', groups: ['support'] }] });
    expect(resolve({ id: 'data/tickets.jsonl#42', path: 'data/tickets.jsonl' })).toEqual(['support']);
  });

  it('never returns an empty list', () => {
    const resolve = createGroupResolver({ rules: [], defaultGroups: ['  '] });
    expect(resolve({ id: 'a.md', path: 'a.md', groups: [''] })).toEqual([PUBLIC_GROUP]);
  });
});

describe('normalizeGroups', () => {
  it('trims, lower-cases, de-duplicates and sorts', () => {
    expect(normalizeGroups([' Sales', 'hr', 'HR ', '', 'admin'])).toEqual(['admin', 'hr', 'sales']);
  });
});

describe('readGroupsValue', () => {
  it('reads lists and comma-separated strings; rejects other shapes and empty values', () => {
    expect(readGroupsValue(['b', 'A', 7])).toEqual(['7', 'a', 'b']);
    expect(readGroupsValue('x, y')).toEqual(['x', 'y']);
    expect(readGroupsValue([])).toBeNull();
    expect(readGroupsValue('')).toBeNull();
    expect(readGroupsValue({ a: 1 })).toBeNull();
    expect(readGroupsValue([{ a: 1 }])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { readFrontMatterFields, splitFrontMatter } from './front-matter.js';

describe('splitFrontMatter', () => {
  it('separates the YAML block from the body', () => {
    const result = splitFrontMatter('---\ntitle: Refunds\ngroups: [hr]\n---\n# Heading\n\nBody.\n');
    expect(result).toEqual({
      ok: true,
      data: { title: 'Refunds', groups: ['hr'] },
      body: '# Heading\n\nBody.\n',
      bodyStart: 36,
    });
  });

  it('accepts `...` as the closing line and an empty block', () => {
    expect(splitFrontMatter('---\na: 1\n...\nText')).toEqual({
      ok: true,
      data: { a: 1 },
      body: 'Text',
      bodyStart: 13,
    });
    expect(splitFrontMatter('---\n---\nText')).toEqual({ ok: true, data: {}, body: 'Text', bodyStart: 8 });
  });

  it('leaves text without front matter alone', () => {
    expect(splitFrontMatter('# Title\n---\nmore')).toEqual({
      ok: true,
      data: null,
      body: '# Title\n---\nmore',
      bodyStart: 0,
    });
    // An opening rule that is never closed is a horizontal rule.
    expect(splitFrontMatter('---\nJust prose.')).toEqual({
      ok: true,
      data: null,
      body: '---\nJust prose.',
      bodyStart: 0,
    });
    // Two rules around prose: YAML reads a plain string, which is no front matter.
    expect(splitFrontMatter('---\nJust prose\n---\nMore')).toEqual({
      ok: true,
      data: null,
      body: '---\nJust prose\n---\nMore',
      bodyStart: 0,
    });
  });

  it('reports invalid YAML with its line in the file', () => {
    const result = splitFrontMatter('---\ntitle: ok\ngroups: [hr\n---\nBody');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.line).toBe(4);
    expect(result.reason).toBe(
      'front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });
});

describe('readFrontMatterFields', () => {
  it('reads title, groups and scalar metadata; joins scalar lists; drops nested objects', () => {
    const result = readFrontMatterFields({
      title: '  Refund policy ',
      groups: ['HR', ' finance ', 'hr'],
      owner: 'ops',
      version: 3,
      draft: false,
      reviewed: null,
      tags: ['billing', 'refunds'],
      nested: { a: 1 },
    });
    expect(result).toEqual({
      ok: true,
      title: 'Refund policy',
      groups: ['finance', 'hr'],
      metadata: { owner: 'ops', version: 3, draft: false, reviewed: null, tags: 'billing, refunds' },
    });
  });

  it('accepts `access` and a comma-separated string', () => {
    expect(readFrontMatterFields({ access: 'Legal, HR' })).toEqual({
      ok: true,
      groups: ['hr', 'legal'],
      metadata: {},
    });
  });

  it('rejects groups that are not names, or name nothing', () => {
    expect(readFrontMatterFields({ groups: { hr: true } })).toMatchObject({ ok: false, field: 'groups' });
    expect(readFrontMatterFields({ groups: [] })).toMatchObject({ ok: false, field: 'groups' });
    expect(readFrontMatterFields({ access: ' , ' })).toMatchObject({ ok: false, field: 'access' });
  });
});

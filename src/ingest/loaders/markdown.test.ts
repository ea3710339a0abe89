import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempFolder, loadFolder, removeTempFolder, writeFiles } from '../__fixtures__/temp-folder.js';
import { findMarkdownTitle } from './markdown.js';

describe('findMarkdownTitle', () => {
  it('takes the first level-1 heading outside code fences', () => {
    expect(findMarkdownTitle('intro\n```\n# not this\n```\n## Sub\n# The **Real** [title](x) #\n')).toBe(
      'The Real title',
    );
    expect(findMarkdownTitle('~~~~\n# fenced\n~~~\n# still fenced\n~~~~\nText\n===\n')).toBe('Text');
    expect(findMarkdownTitle('## Only level two\n#hashtag')).toBeNull();
  });
});

describe('loading Markdown', () => {
  let root: string;
  beforeEach(async () => {
    root = await createTempFolder();
  });
  afterEach(async () => {
    await removeTempFolder(root);
  });

  it('takes title, groups and metadata from front matter and keeps the body as the text', async () => {
    await writeFiles(root, {
      'hr/leave.md':
        '---\ntitle: Leave policy\ngroups: [HR, managers]\nowner: people-ops\nversion: 2\n---\n# Annual leave\n\n25 days.\n',
    });
    const { documents, failures } = await loadFolder({ root });
    expect(failures).toEqual([]);
    expect(documents).toEqual([
      expect.objectContaining({
        id: 'hr/leave.md',
        source: 'hr/leave.md',
        title: 'Leave policy',
        text: '# Annual leave\n\n25 days.\n',
        format: 'markdown',
        groups: ['hr', 'managers'],
        metadata: { owner: 'people-ops', version: 2 },
      }),
    ]);
  });

  it('falls back to the first # heading, then to the file name', async () => {
    await writeFiles(root, { 'a.md': 'Intro\n\n# Heading title\n', 'b.markdown': 'No heading here.\n' });
    const { documents } = await loadFolder({ root });
    expect(documents.map((document) => [document.id, document.title])).toEqual([
      ['a.md', 'Heading title'],
      ['b.markdown', 'b'],
    ]);
  });

  it('reports invalid front matter and bad groups instead of publishing the document', async () => {
    await writeFiles(root, {
      'bad-yaml.md': '---\ngroups: [hr\n---\nSecret.\n',
      'bad-groups.md': '---\naccess: {hr: true}\n---\nSecret.\n',
      'only-front-matter.md': '---\ntitle: Empty\n---\n\n',
    });
    const { documents, failures } = await loadFolder({ root });
    expect(documents).toEqual([]);
    expect(failures).toEqual([
      expect.objectContaining({ source: 'bad-groups.md', documentId: 'bad-groups.md', field: 'access' }),
      expect.objectContaining({ source: 'bad-yaml.md', line: 3, code: 'INPUT_INVALID' }),
      expect.objectContaining({
        source: 'only-front-matter.md',
        reason: 'the file has front matter but no text after it',
      }),
    ]);
  });
});

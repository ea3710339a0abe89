import { describe, expect, it } from 'vitest';
import { type Block, parseBlocks } from './parse-blocks.js';

function describeBlocks(text: string): Array<[string, string]> {
  return parseBlocks(text).map((block: Block) => [block.kind, text.slice(block.start, block.end)]);
}

describe('parseBlocks', () => {
  it('reads ATX headings with their level and title, dropping a closing sequence', () => {
    const blocks = parseBlocks('# Guide\n\n## Install ##\n### Use #\n###### Deep');
    expect(blocks.map((block) => (block.kind === 'heading' ? [block.level, block.title] : null))).toEqual([
      [1, 'Guide'],
      [2, 'Install'],
      [3, 'Use'],
      [6, 'Deep'],
    ]);
  });

  it('does not take hashtags, seven hashes or indented code for headings', () => {
    expect(describeBlocks('#hashtag here\n\n####### seven\n\n    # indented')).toEqual([
      ['paragraph', '#hashtag here'],
      ['paragraph', '####### seven'],
      ['paragraph', '# indented'],
    ]);
  });

  it('reads setext headings from a one-line paragraph and its underline', () => {
    const blocks = parseBlocks('Title\n=====\n\nSection\n---\ntext');
    expect(blocks[0]).toMatchObject({ kind: 'heading', level: 1, title: 'Title', start: 0, end: 11 });
    expect(blocks[1]).toMatchObject({ kind: 'heading', level: 2, title: 'Section' });
    expect(blocks[2]).toMatchObject({ kind: 'paragraph' });
  });

  it('keeps a fenced code block whole, blank lines and # lines included', () => {
    const text = 'Before.\n```python\n# not a heading\n\nprint(1)\n```\nAfter.';
    expect(describeBlocks(text)).toEqual([
      ['paragraph', 'Before.'],
      ['code', '```python\n# not a heading\n\nprint(1)\n```'],
      ['paragraph', 'After.'],
    ]);
  });

  it('closes a fence only with a run of the same character at least as long', () => {
    const text = '~~~~\n```\n~~~\n~~~~~\ntail';
    expect(describeBlocks(text)).toEqual([
      ['code', '~~~~\n```\n~~~\n~~~~~'],
      ['paragraph', 'tail'],
    ]);
  });

  it('runs an unclosed fence to the end of the text', () => {
    expect(describeBlocks('```\ncode\n\nmore code\n\n')).toEqual([['code', '```\ncode\n\nmore code']]);
  });

  it('does not take inline code at the start of a line for a fence', () => {
    expect(describeBlocks('```js``` is inline')).toEqual([['paragraph', '```js``` is inline']]);
  });

  it('reads pipe tables with and without a leading pipe', () => {
    const text = '| a | b |\n|---|---|\n| 1 | 2 |\nafter\n\nname | value\n--- | ---\nx | 1';
    expect(describeBlocks(text)).toEqual([
      ['table', '| a | b |\n|---|---|\n| 1 | 2 |'],
      ['paragraph', 'after'],
      ['table', 'name | value\n--- | ---\nx | 1'],
    ]);
  });

  it('does not start a table at a pipe in prose', () => {
    expect(describeBlocks('use a | b to pipe\nnext line')).toEqual([
      ['paragraph', 'use a | b to pipe\nnext line'],
    ]);
  });

  it('reads a list run with its continuation lines, and a paragraph after a blank line', () => {
    const text = 'Intro:\n- one\n  more of one\n2. two\n* three\n\nAfter.';
    expect(describeBlocks(text)).toEqual([
      ['paragraph', 'Intro:'],
      ['list', '- one\n  more of one\n2. two\n* three'],
      ['paragraph', 'After.'],
    ]);
  });

  it('trims offsets of white space, CRLF line ends included', () => {
    const text = '  \r\n  First line\r\n  second line  \r\n\r\n\t# Head \r\n';
    const blocks = parseBlocks(text);
    expect(blocks.map((block) => text.slice(block.start, block.end))).toEqual([
      'First line\r\n  second line',
      '# Head',
    ]);
    expect(blocks[1]).toMatchObject({ kind: 'heading', title: 'Head' });
  });

  it('returns nothing for empty or blank text', () => {
    expect(parseBlocks('')).toEqual([]);
    expect(parseBlocks(' \n\t\n\u00a0')).toEqual([]);
  });
});

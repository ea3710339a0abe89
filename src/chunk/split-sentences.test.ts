import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSentenceStart, splitSentences, splitSentencesInRange } from './split-sentences.js';

function sentencesOf(text: string): string[] {
  return splitSentences(text).map((span) => text.slice(span.start, span.end));
}

describe('splitSentences', () => {
  it('splits at terminators followed by a capitalised word, with exact offsets', () => {
    const text = '  Refunds take 30 days. Call us!  Why wait? ';
    expect(splitSentences(text)).toEqual([
      { start: 2, end: 23 },
      { start: 24, end: 32 },
      { start: 34, end: 43 },
    ]);
    expect(sentencesOf(text)).toEqual(['Refunds take 30 days.', 'Call us!', 'Why wait?']);
  });

  it('does not split after abbreviations, titles and initials', () => {
    expect(sentencesOf('Use a tool, e.g. Python. Then stop.')).toEqual([
      'Use a tool, e.g. Python.',
      'Then stop.',
    ]);
    expect(sentencesOf('Ask Dr. Smith and Mr. Jones. They know.')).toEqual([
      'Ask Dr. Smith and Mr. Jones.',
      'They know.',
    ]);
    expect(sentencesOf('It is big, i.e. Large. Made in the U.S. Army base.')).toEqual([
      'It is big, i.e. Large.',
      'Made in the U.S. Army base.',
    ]);
    expect(sentencesOf('Written by J. R. R. Tolkien. Read it.')).toEqual([
      'Written by J. R. R. Tolkien.',
      'Read it.',
    ]);
    expect(sentencesOf('We close at 5 p.m. Come early.')).toEqual(['We close at 5 p.m.', 'Come early.']);
    expect(sentencesOf('See Fig. 3 and No. 5 below. Smith et al. (2020) agree.')).toEqual([
      'See Fig. 3 and No. 5 below.',
      'Smith et al. (2020) agree.',
    ]);
  });

  it('does not split inside numbers, versions or domains', () => {
    expect(sentencesOf('Version 3.5 beats v1.2.3 on example.com today. Next one.')).toEqual([
      'Version 3.5 beats v1.2.3 on example.com today.',
      'Next one.',
    ]);
    expect(sentencesOf('Upgrade to 2.0. It is faster.')).toEqual(['Upgrade to 2.0.', 'It is faster.']);
  });

  it('does not split before a lower-case word', () => {
    expect(sentencesOf('Bring pens, paper, etc. and a laptop. Done.')).toEqual([
      'Bring pens, paper, etc. and a laptop.',
      'Done.',
    ]);
  });

  it('keeps closing quotes and brackets with their sentence, and treats ellipses and ?! as one end', () => {
    expect(sentencesOf('He said "Stop." Then left. (It rained.) Wait... What?! Yes.')).toEqual([
      'He said "Stop."',
      'Then left.',
      '(It rained.)',
      'Wait...',
      'What?!',
      'Yes.',
    ]);
  });

  it('splits at full-width stops without a space', () => {
    expect(sentencesOf('今日は晴れ。明日は雨！本当？')).toEqual(['今日は晴れ。', '明日は雨！', '本当？']);
  });

  it('ends a sentence at a blank line or a line that starts a list item, but not at a wrapped line', () => {
    expect(sentencesOf('A title without a stop\n\nBody text\nwrapped here\n- item one\n- item two')).toEqual([
      'A title without a stop',
      'Body text\nwrapped here',
      '- item one',
      '- item two',
    ]);
    expect(sentencesOf('See e.g.\n\nNext paragraph.')).toEqual(['See e.g.', 'Next paragraph.']);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t ')).toEqual([]);
  });

  it('gives offsets into the whole text when asked for a range', () => {
    const text = 'Skip this. Take this one. And this.';
    expect(splitSentencesInRange(text, 11, text.length)).toEqual([
      { start: 11, end: 25 },
      { start: 26, end: 35 },
    ]);
  });

  const prose = fc.string({
    unit: fc.constantFrom(
      'a',
      'B',
      'e.g.',
      'Dr.',
      '3.5',
      '.',
      '!',
      '?',
      ' ',
      '\n',
      '"',
      ')',
      '。',
      '- ',
      '1. ',
      'x',
    ),
    maxLength: 120,
  });

  it('covers every non-white-space character with trimmed, ordered spans', () => {
    fc.assert(
      fc.property(prose, (text) => {
        const spans = splitSentences(text);
        let covered = '';
        let previousEnd = 0;
        for (const span of spans) {
          const sentence = text.slice(span.start, span.end);
          expect(sentence.length).toBeGreaterThan(0);
          expect(sentence.trim()).toBe(sentence);
          expect(span.start).toBeGreaterThanOrEqual(previousEnd);
          expect(text.slice(previousEnd, span.start).trim()).toBe('');
          covered += sentence;
          previousEnd = span.end;
        }
        expect(text.slice(previousEnd).trim()).toBe('');
        expect(covered.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with isSentenceStart on which words start a sentence', () => {
    fc.assert(
      fc.property(prose, (text) => {
        const spans = splitSentences(text);
        const first = spans[0]?.start ?? 0;
        const starts = new Set(spans.map((span) => span.start));
        for (let index = first + 1; index < text.length; index++) {
          const startsWord = !/\s/.test(text[index]!) && /\s/.test(text[index - 1]!);
          if (startsWord) expect(isSentenceStart(text, index, first)).toBe(starts.has(index));
        }
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { segmentSentences } from './segment-sentences.js';

const sentences = (text: string, language: Parameters<typeof segmentSentences>[1]) =>
  segmentSentences(text, language).map((span) => text.slice(span.start, span.end));

describe('segmentSentences', () => {
  it('keeps the rule-based splitter for Latin-script languages: abbreviations stay inside', () => {
    expect(sentences('Dr. Smith met the U.S. Army. Then he left.', 'english')).toEqual([
      'Dr. Smith met the U.S. Army.',
      'Then he left.',
    ]);
    expect(sentences('¿Cuándo llega? Mañana. Sr. García lo trae.', 'spanish')).toEqual([
      '¿Cuándo llega?',
      'Mañana.',
      'Sr. García lo trae.',
    ]);
  });

  it('ends Arabic sentences at the Arabic question mark, and Greek ones at the Greek', () => {
    expect(sentences('ما هو اسم الفريق؟ فاز الفريق بالمباراة. ثم عاد', 'arabic')).toEqual([
      'ما هو اسم الفريق؟',
      'فاز الفريق بالمباراة.',
      'ثم عاد',
    ]);
    expect(sentences('Πού είναι; Εδώ είναι. Καλά', 'greek')).toEqual(['Πού είναι;', 'Εδώ είναι.', 'Καλά']);
  });

  it('ends a Thai sentence at a space between Thai words, where ICU sees none', () => {
    expect(sentences('ทีมชนะการแข่งขัน ผู้เล่นได้รับรางวัล 308 คะแนน', 'thai')).toEqual([
      'ทีมชนะการแข่งขัน',
      'ผู้เล่นได้รับรางวัล 308 คะแนน',
    ]);
  });

  it('ends Chinese and Japanese sentences at their full stops, and any language at a blank line', () => {
    expect(sentences('今日は晴れです。明日は雨です。', 'japanese')).toEqual([
      '今日は晴れです。',
      '明日は雨です。',
    ]);
    expect(sentences('first part\n\nsecond part', 'thai')).toEqual(['first part', 'second part']);
  });
});

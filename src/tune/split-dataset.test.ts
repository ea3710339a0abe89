import { describe, expect, it } from 'vitest';
import { splitDataset } from './split-dataset.js';
import type { TrainingExample } from './training-types.js';

const example = (index: number, tag: string): TrainingExample => ({
  index,
  question: `question ${index}`,
  messages: [
    { role: 'user', content: `question ${index}` },
    { role: 'assistant', content: `answer ${index}` },
  ],
  source: { kind: 'case', ref: `case-${index}` },
  tags: [tag],
});

describe('splitDataset', () => {
  it('gives each tag its share of validation, deterministically', () => {
    const examples = [
      ...Array.from({ length: 20 }, (_, i) => example(i, 'billing')),
      ...Array.from({ length: 10 }, (_, i) => example(20 + i, 'api')),
      example(30, 'rare'),
    ];
    const first = splitDataset(examples, { validationShare: 0.2 });
    const again = splitDataset(examples, { validationShare: 0.2 });
    expect(first.validation.map((e) => e.index)).toEqual(again.validation.map((e) => e.index));
    const count = (list: TrainingExample[], tag: string) => list.filter((e) => e.tags[0] === tag).length;
    expect(count(first.validation, 'billing')).toBe(4);
    expect(count(first.validation, 'api')).toBe(2);
    // A single example of a tag stays in training.
    expect(count(first.train, 'rare')).toBe(1);
    expect(first.train.length + first.validation.length).toBe(examples.length);
  });
});

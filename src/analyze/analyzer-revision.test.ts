import { describe, expect, it } from 'vitest';
import { analyzerRevision, analyzerRevisionsOf, staleAnalyzerLanguages } from './analyzer-revision.js';

describe('analyzer revisions', () => {
  it('marks Spanish and Greek terms as changed since indexes recorded no revision', () => {
    expect(analyzerRevision('english')).toBe(1);
    expect(analyzerRevision('spanish')).toBe(2);
    expect(analyzerRevision('greek')).toBe(2);
    // An index from before revisions: English still meets, Spanish and Greek must be rebuilt.
    expect(staleAnalyzerLanguages(undefined, ['english', 'turkish'])).toEqual([]);
    expect(staleAnalyzerLanguages(undefined, ['english', 'spanish', 'greek'])).toEqual(['spanish', 'greek']);
  });

  it('accepts what it records itself', () => {
    const recorded = analyzerRevisionsOf(['spanish', 'english']);
    expect(recorded).toEqual({ spanish: 2, english: 1 });
    expect(staleAnalyzerLanguages(recorded, ['spanish', 'english'])).toEqual([]);
    expect(staleAnalyzerLanguages(recorded, ['greek'])).toEqual(['greek']);
  });
});

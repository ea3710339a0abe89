import { describe, expect, it } from 'vitest';
import { assignArm, type Experiment, resolveAssignment } from './experiments-assign.js';
import { isRefusal } from './experiments-log.js';
import { buildExperimentReport, describeComparison, renderExperimentReport } from './experiments-report.js';
import {
  compareProportions,
  describeProportion,
  normalCdf,
  normalQuantile,
  sampleSizePerArm,
  wilsonInterval,
} from './experiments-statistics.js';

describe('experiment statistics', () => {
  it('matches the normal distribution to the precision a report prints', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621234, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
  });

  it('gives Newcombe’s published Wilson interval and difference interval (Stat Med 1998, examples)', () => {
    // Newcombe 1998 (single proportion), 81/263: 0.2553 to 0.3662.
    const wilson = wilsonInterval(81, 263)!;
    expect(wilson.low).toBeCloseTo(0.2553, 4);
    expect(wilson.high).toBeCloseTo(0.3662, 4);
    // Newcombe 1998 (difference, method 10), 56/70 − 48/80 = 0.2000: 0.0524 to 0.3339.
    const difference = compareProportions(describeProportion(48, 80), describeProportion(56, 70))!;
    expect(difference.difference).toBeCloseTo(0.2, 10);
    expect(difference.interval.low).toBeCloseTo(0.0524, 4);
    expect(difference.interval.high).toBeCloseTo(0.3339, 4);
    // Pooled z = 0.2 / sqrt(104/150 · 46/150 · (1/70 + 1/80)) = 2.6502: two-sided p = 0.00805.
    expect(difference.pValue).toBeCloseTo(0.00805, 4);
    expect(difference.significant).toBe(true);
    expect(difference.furtherPerArm).toBe(0);
  });

  it('counts the ratings still needed at 80% power when the difference is not significant', () => {
    // (1.96·√(2·0.7·0.3) + 0.8416·√(0.24 + 0.16))² / 0.2² = 81.2 → 82 per arm.
    expect(sampleSizePerArm(0.6, 0.8)).toBe(82);
    const difference = compareProportions(describeProportion(6, 10), describeProportion(8, 10))!;
    expect(difference.significant).toBe(false);
    expect(difference.furtherPerArm).toBe(72);
    expect(describeComparison({ baseline: 'rag', arm: 'prompt', upRate: difference })).toContain(
      'about 72 more ratings per arm would show this difference with 80% power',
    );
    expect(
      compareProportions(describeProportion(5, 10), describeProportion(5, 10))?.furtherPerArm,
    ).toBeNull();
  });
});

const experiment: Experiment = {
  name: 'rag-vs-prompt',
  arms: [
    { model: 'rag', weight: 1 },
    { model: 'prompt', weight: 3 },
  ],
  level: 0.05,
};

describe('experiment assignment', () => {
  it('is sticky per user, follows the weights, and obeys the override header only for an arm', () => {
    const users = Array.from({ length: 4000 }, (_, index) => `user-${index}`);
    const arms = users.map((user) => assignArm(experiment, user));
    expect(users.map((user) => assignArm(experiment, user))).toEqual(arms);
    const ragShare = arms.filter((arm) => arm === 'rag').length / users.length;
    // Weight 1 of 4: 25%, within 3 standard errors (±2.1 points) for 4,000 users.
    expect(Math.abs(ragShare - 0.25)).toBeLessThan(0.021);
    expect(resolveAssignment({ experiment, user: 'user-1', override: 'rag' })).toMatchObject({
      arm: 'rag',
      overridden: true,
    });
    expect(() => resolveAssignment({ experiment, user: 'user-1', override: 'tuned' })).toThrow(
      /not in experiment "rag-vs-prompt"/,
    );
  });

  it('recognises refusals, including the extractive answerer’s', () => {
    expect(isRefusal('I cannot answer this: no passages were given.')).toBe(true);
    expect(isRefusal('')).toBe(true);
    expect(isRefusal('Refunds are due within 30 days [1].')).toBe(false);
  });
});

describe('experiment report', () => {
  it('joins the last rating of each response to its arm and ignores ratings of unknown responses', () => {
    const response = (responseId: string, arm: string, userHash: string) => ({
      type: 'response' as const,
      at: '2026-12-05T00:00:00.000Z',
      experiment: 'rag-vs-prompt',
      arm,
      responseId,
      userHash,
      overridden: false,
      latencyMs: 10,
      promptTokens: 100,
      completionTokens: 20,
      words: 12,
      citations: arm === 'rag' ? 1 : 0,
      citationsValid: true,
      refusal: arm === 'prompt',
    });
    const feedback = (responseId: string, arm: string, rating: 'up' | 'down') => ({
      type: 'feedback' as const,
      at: '2026-12-05T00:00:01.000Z',
      experiment: 'rag-vs-prompt',
      arm,
      responseId,
      rating,
      corrected: false,
    });
    const report = buildExperimentReport(experiment, [
      response('a', 'rag', 'u1'),
      response('b', 'rag', 'u1'),
      response('c', 'prompt', 'u2'),
      feedback('a', 'rag', 'down'),
      feedback('a', 'rag', 'up'),
      feedback('b', 'rag', 'up'),
      feedback('c', 'prompt', 'down'),
      feedback('zzz', 'rag', 'up'),
    ]);
    expect(report.arms.map((arm) => [arm.arm, arm.responses, arm.users, arm.rated, arm.up])).toEqual([
      ['rag', 2, 1, 2, 2],
      ['prompt', 1, 1, 1, 0],
    ]);
    expect(report.arms[1]?.refusals.rate).toBe(1);
    expect(report.unmatchedFeedback).toBe(1);
    expect(report.comparisons[0]?.upRate?.difference).toBe(-1);
    expect(renderExperimentReport(report)).toContain('1 ratings name a response this experiment did not log');
  });
});

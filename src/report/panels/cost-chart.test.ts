import { describe, expect, it } from 'vitest';
import type { Architecture, ArchitectureCost, CostProjection } from '../../decide/index.js';
import { buildSampleReport } from '../__fixtures__/sample-report.js';
import { renderToHtml } from '../render-to-html.js';
import { CostChart, computeCostChartGeometry } from './cost-chart.js';

function renderCostChart(costs: CostProjection): string {
  return renderToHtml(CostChart({ costs }));
}

const costs = buildSampleReport().diagnosis.costs;

function lineCost(architecture: Architecture, fixedMonthly: number, perDailyQuery: number): ArchitectureCost {
  const monthly = fixedMonthly + perDailyQuery * 1000;
  return {
    architecture,
    basis: 'measured',
    variant: null,
    model: null,
    perQuery: { promptTokens: 0, completionTokens: 0, usd: 0 },
    monthly: { inference: monthly, embedding: 0, storage: 0, fineTuning: 0, hosting: 0, total: monthly },
    fixedMonthly,
    perDailyQuery,
    trainingRun: null,
    latency: null,
    unknown: [],
    complete: true,
    priceBasis: null,
  };
}

/** A projection built from straight cost lines, as the cost model produces them. */
function projection(
  lines: ArchitectureCost[],
  queriesPerDay: number,
  breakEvens: CostProjection['breakEvens'],
) {
  const points = [10, 100, 1_000, 10_000, 100_000, 1_000_000];
  const architectures = Object.fromEntries(lines.map((line) => [line.architecture, line])) as Record<
    Architecture,
    ArchitectureCost
  >;
  return {
    currency: 'USD',
    pricesAsOf: [],
    queriesPerDay,
    daysPerMonth: 30.4,
    architectures,
    curve: points.map((point) => ({
      queriesPerDay: point,
      monthlyUsd: Object.fromEntries(
        lines.map((line) => [line.architecture, line.fixedMonthly + line.perDailyQuery * point]),
      ),
    })),
    breakEvens,
    assumptions: [],
    unpricedModels: [],
  } satisfies CostProjection;
}

describe('computeCostChartGeometry', () => {
  it('places each break-even between the curve points around its volume, on the lines it joins', () => {
    const geometry = computeCostChartGeometry(costs);
    expect(geometry.breakEvens.length).toBe(costs.breakEvens.length);
    for (const breakEven of geometry.breakEvens) {
      const below = costs.curve.filter((point) => point.queriesPerDay <= breakEven.queriesPerDay).at(-1)!;
      const above = costs.curve.find((point) => point.queriesPerDay >= breakEven.queriesPerDay)!;
      expect(breakEven.x).toBeGreaterThanOrEqual(geometry.xScale(below.queriesPerDay));
      expect(breakEven.x).toBeLessThanOrEqual(geometry.xScale(above.queriesPerDay));
      // On a line's segment: its y lies between that line's y at the two neighbouring points.
      for (const architecture of breakEven.between) {
        const line = geometry.lines.find((entry) => entry.architecture === architecture)!;
        const ys = [below, above].map(
          (point) => line.points.find((entry) => entry.queriesPerDay === point.queriesPerDay)!.y,
        );
        expect(breakEven.y).toBeGreaterThanOrEqual(Math.min(...ys) - 0.01);
        expect(breakEven.y).toBeLessThanOrEqual(Math.max(...ys) + 0.01);
      }
    }
  });

  it('draws one line per priced architecture with a point per curve sample, in the plot area', () => {
    const geometry = computeCostChartGeometry(costs);
    expect(geometry.lines.map((line) => line.architecture)).toEqual([
      'prompting',
      'rag',
      'fine-tuning',
      'hybrid',
    ]);
    for (const line of geometry.lines) {
      expect(line.points).toHaveLength(costs.curve.length);
      const xs = line.points.map((point) => point.x);
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      for (const point of line.points) {
        expect(point.y).toBeGreaterThanOrEqual(geometry.yScale(geometry.yDomain[1]) - 0.01);
        expect(point.y).toBeLessThanOrEqual(geometry.yScale(geometry.yDomain[0]) + 0.01);
      }
    }
  });

  it('marks the configured volume between its neighbouring samples', () => {
    const geometry = computeCostChartGeometry(costs);
    expect(costs.queriesPerDay).toBe(2000);
    expect(geometry.volume!.x).toBeGreaterThan(geometry.xScale(1000));
    expect(geometry.volume!.x).toBeLessThan(geometry.xScale(5000));
  });

  it('leaves off break-evens and a volume outside the sampled range', () => {
    const lines = [lineCost('prompting', 0, 0.01), lineCost('rag', 5, 0.005)];
    const geometry = computeCostChartGeometry(
      projection(lines, 5_000_000, [
        {
          between: ['prompting', 'rag'],
          queriesPerDay: 2_000_000,
          monthlyUsd: 20_000,
          cheaperBelow: 'prompting',
          cheaperAbove: 'rag',
        },
      ]),
    );
    expect(geometry.breakEvens).toEqual([]);
    expect(geometry.volume).toBeNull();
  });

  it('draws zero-cost lines on the axis floor without NaN', () => {
    const lines = [lineCost('prompting', 0, 0), lineCost('rag', 0, 0)];
    const free = projection(lines, 1000, []);
    const geometry = computeCostChartGeometry(free);
    expect(geometry.allZero).toBe(true);
    for (const line of geometry.lines)
      for (const point of line.points) expect(point.y).toBeCloseTo(geometry.yScale(geometry.yDomain[0]));
    const svg = renderCostChart(free);
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
    expect(svg).toContain('$0');
  });
});

describe('renderCostChart', () => {
  it('numbers each break-even marker as the list under the chart does', () => {
    const svg = renderCostChart(costs);
    expect(svg.match(/data-break-even=/g)).toHaveLength(costs.breakEvens.length);
    expect(svg.match(/data-cost-line=/g)).toHaveLength(4);
    expect(svg.match(/data-curve-point=/g)).toHaveLength(4 * costs.curve.length);
    costs.breakEvens.forEach((_, index) => {
      expect(svg).toContain(`class="break-even-number"`);
      expect(svg).toMatch(new RegExp(`dominant-baseline="central">${index + 1}</text>`));
    });
    expect(svg).toContain('your volume: 2k/day');
  });
});

/** Scales and ticks for the report's SVG charts (computed at render time; the page runs no chart code). */

export type Scale = (value: number) => number;

export function createLinearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Log-10 scale; values at or below zero have no position, so callers clamp them to the domain first. */
export function createLogScale(domain: [number, number], range: [number, number]): Scale {
  const linear = createLinearScale([Math.log10(domain[0]), Math.log10(domain[1])], range);
  return (value) => linear(Math.log10(value));
}

/** Round tick values (1, 2 or 5 × a power of ten apart) covering [0, max]; the last tick is ≥ max. */
export function createLinearTicks(max: number, targetCount = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / targetCount;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? power * 10;
  const ticks: number[] = [];
  for (let index = 0; ; index++) {
    const value = Number((index * step).toPrecision(12));
    ticks.push(value);
    if (value >= max) break;
  }
  return ticks;
}

/** Powers of ten from 10^floor(log10(min)) to 10^ceil(log10(max)). */
export function createDecadeTicks(min: number, max: number): number[] {
  const low = Math.floor(Math.log10(min));
  let high = Math.ceil(Math.log10(max));
  if (high <= low) high = low + 1;
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent++) ticks.push(10 ** exponent);
  return ticks;
}

/** Coordinates rounded to 0.1 px: smaller files, and the same text for the same input. */
export function formatCoordinate(value: number): string {
  return String(Math.round(value * 10) / 10);
}

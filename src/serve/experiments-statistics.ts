/**
 * The statistics of `knowhow ab report`, stated in the README:
 * - a rate (thumbs-up share of rated answers, …) gets a Wilson score interval;
 * - the difference of two arms' rates gets Newcombe's hybrid score interval (his method 10,
 *   built from the two Wilson intervals), and its significance a two-sided two-proportion z-test
 *   with the pooled rate;
 * - when not significant, the ratings still needed come from the usual sample size for two
 *   proportions (Fleiss, without continuity correction) at 80% power, taking the observed rates
 *   as the true ones.
 * Hand-written: each is a closed formula of a few lines; the normal quantile is Acklam's rational
 * approximation (relative error under 1.2e-9) and the normal CDF the Abramowitz–Stegun 7.1.26 erf
 * (error under 1.5e-7), far below the precision a report prints.
 */

export interface Interval {
  low: number;
  high: number;
}

export interface Proportion {
  successes: number;
  trials: number;
  /** successes / trials; null with no trials. */
  rate: number | null;
  interval: Interval | null;
}

/** Wilson score interval at confidence 1 − level. */
export function wilsonInterval(successes: number, trials: number, level = 0.05): Interval | null {
  if (trials === 0) return null;
  const z = normalQuantile(1 - level / 2);
  const p = successes / trials;
  const z2 = z * z;
  const center = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

export function describeProportion(successes: number, trials: number, level = 0.05): Proportion {
  return {
    successes,
    trials,
    rate: trials === 0 ? null : successes / trials,
    interval: wilsonInterval(successes, trials, level),
  };
}

export interface ProportionDifference {
  /** rate(b) − rate(a). */
  difference: number;
  interval: Interval;
  /** Two-sided p-value of the pooled two-proportion z-test. */
  pValue: number;
  level: number;
  significant: boolean;
  /**
   * Further ratings needed per arm for 80% power at the observed rates (null when the rates are
   * equal: no difference to detect); 0 once significant.
   */
  furtherPerArm: number | null;
}

/** Compares arm b with arm a; null when either has no trials. */
export function compareProportions(a: Proportion, b: Proportion, level = 0.05): ProportionDifference | null {
  if (a.trials === 0 || b.trials === 0 || a.rate === null || b.rate === null) return null;
  const wilsonA = wilsonInterval(a.successes, a.trials, level)!;
  const wilsonB = wilsonInterval(b.successes, b.trials, level)!;
  const difference = b.rate - a.rate;
  // Newcombe (1998) method 10: the difference's interval from the two single-rate Wilson intervals.
  const interval = {
    low: difference - Math.sqrt((b.rate - wilsonB.low) ** 2 + (wilsonA.high - a.rate) ** 2),
    high: difference + Math.sqrt((wilsonB.high - b.rate) ** 2 + (a.rate - wilsonA.low) ** 2),
  };
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  const pValue =
    standardError === 0
      ? difference === 0
        ? 1
        : 0
      : 2 * (1 - normalCdf(Math.abs(difference) / standardError));
  const significant = pValue < level;
  const needed = sampleSizePerArm(a.rate, b.rate, level, 0.8);
  return {
    difference,
    interval,
    pValue,
    level,
    significant,
    furtherPerArm: significant
      ? 0
      : needed === null
        ? null
        : Math.max(0, needed - Math.min(a.trials, b.trials)),
  };
}

/**
 * Trials per arm for a two-sided test at `level` to detect p1 vs p2 with the given power:
 * n = (z_{1−α/2}·√(2·p̄(1−p̄)) + z_{power}·√(p1(1−p1) + p2(1−p2)))² / (p1 − p2)², rounded up.
 */
export function sampleSizePerArm(p1: number, p2: number, level = 0.05, power = 0.8): number | null {
  if (p1 === p2) return null;
  const mean = (p1 + p2) / 2;
  const zAlpha = normalQuantile(1 - level / 2);
  const zBeta = normalQuantile(power);
  const numerator =
    zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil(numerator ** 2 / (p1 - p2) ** 2);
}

/** Standard normal CDF from erf (Abramowitz & Stegun 7.1.26). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const polynomial =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - polynomial * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Standard normal quantile (Acklam's algorithm). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

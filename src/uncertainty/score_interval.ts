/**
 * The interval of the two-stage bootstrap (docs/uncertainty.md): a variance from the
 * subjects resamples, corrected by the pair-level resamples, turned into a Wilson score
 * interval with an effective sample size (a metric in [0, 1]) or a normal interval (a
 * paired difference).
 *
 * @module
 */

/** Options of {@linkcode scoreInterval} and {@linkcode differenceInterval}. */
export interface ScoreIntervalOptions {
  /** Coverage of the interval. Default 0.95. */
  level?: number;
  /**
   * The metric over the pair-level resamples (subjects kept, impostor pairs resampled).
   * Absent: no pair-level correction (identification metrics).
   */
  pairLevel?: ArrayLike<number>;
}

/**
 * The corrected bootstrap variance of a metric: `max(V_s − 2·V_p, V_s / 3)`, where `V_s` is
 * the variance (ddof 1) of the subjects resamples and `V_p` that of the pair-level resamples.
 * Weighting an impostor pair by `c[a]·c[b]` counts its pair-level variance three times
 * (`Var(c[a]·c[b]) ≈ 3`), and the pair-level resamples measure it once: removing two of
 * the three copies leaves each part once. The floor `V_s / 3` is the variance if every
 * part were pair-level. NaN values are left out; NaN when fewer than two remain.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { correctedVariance } from "./score_interval.ts";
 * assert.equal(correctedVariance([0, 2]), 2);
 * assert.equal(correctedVariance([0, 2], [0, 0.5]), 1.75);
 * ```
 */
export function correctedVariance(
  values: ArrayLike<number>,
  pairLevel?: ArrayLike<number>,
): number {
  const vs = _variance(values);
  if (pairLevel === undefined) return vs;
  const vp = _variance(pairLevel);
  return vp === vp ? Math.max(vs - 2 * vp, vs / 3) : vs;
}

/**
 * The Wilson score interval of a metric in [0, 1] with an effective sample size
 * `n* = θ(1 − θ) / V` (Korn and Graubard's design-effect adjustment), `θ` the point
 * estimate and `V` the {@linkcode correctedVariance}. The score interval stays inside
 * [0, 1] and keeps a width when the metric sits at 0 or 1, where the resamples have no
 * spread: `n*` is then `n`, the number of units the metric averages (genuine pairs,
 * mated probes). NaN when the point or the variance is undefined.
 *
 * @param point The point estimate θ.
 * @param values The metric over the subjects resamples.
 * @param n The number of units the metric averages (used when `V = 0` or θ is 0 or 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scoreInterval } from "./score_interval.ts";
 * const [lo, hi] = scoreInterval(1, [1, 1, 1], 100);
 * assert.equal(hi, 1);
 * assert.ok(lo > 0.96 && lo < 0.97);
 * ```
 */
export function scoreInterval(
  point: number,
  values: ArrayLike<number>,
  n: number,
  options: ScoreIntervalOptions = {},
): [number, number] {
  const z = _z(options.level ?? 0.95);
  const v = correctedVariance(values, options.pairLevel);
  if (!(point === point && v === v)) return [NaN, NaN];
  const p = Math.min(1, Math.max(0, point));
  const m = v > 0 && p > 0 && p < 1 ? p * (1 - p) / v : n;
  if (!(m > 0)) return [NaN, NaN];
  const z2 = z * z / m, denom = 1 + z2;
  const center = (p + z2 / 2) / denom;
  const half = Math.sqrt(p * (1 - p) / m + z2 / (4 * m)) * z / denom;
  // The score interval always holds p; min/max only undo rounding (e.g. 1 − 1e-16 at p = 1).
  return [Math.max(0, Math.min(p, center - half)), Math.min(1, Math.max(p, center + half))];
}

/**
 * The normal interval `Δ ± z·√V` of a paired difference `Δ` (current − baseline), `V` the
 * {@linkcode correctedVariance} of the resampled differences. The gate's counterpart of
 * {@linkcode scoreInterval}: a difference has no boundary at 0 or 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { differenceInterval } from "./score_interval.ts";
 * assert.deepEqual(differenceInterval(0, [0, 0, 0]), [0, 0]);
 * ```
 */
export function differenceInterval(
  delta: number,
  values: ArrayLike<number>,
  options: ScoreIntervalOptions = {},
): [number, number] {
  const half = _z(options.level ?? 0.95) * Math.sqrt(correctedVariance(values, options.pairLevel));
  return half === half && delta === delta ? [delta - half, delta + half] : [NaN, NaN];
}

function _variance(values: ArrayLike<number>): number {
  let n = 0, sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) [n, sum] = [n + 1, sum + v];
  }
  if (n < 2) return NaN;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) ss += (v - mean) ** 2;
  }
  return ss / (n - 1);
}

/** The two-sided normal quantile of `level`: Φ⁻¹((1 + level) / 2), by bisection on erfc. */
function _z(level: number): number {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`Cannot compute a ${level} interval: expected a level in (0, 1)`);
  }
  const tail = (1 - level) / 2;
  let lo = 0, hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (0.5 * _erfc(mid / Math.SQRT2) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** erfc by its continued fraction (x ≥ 0), accurate to about 1e-15 for the tails used here. */
function _erfc(x: number): number {
  if (x < 2) {
    // Series of erf: 2/√π Σ (−1)^k x^(2k+1) / (k! (2k+1)).
    let term = x, sum = x;
    for (let k = 1; k < 100; k++) {
      term *= -x * x / k;
      sum += term / (2 * k + 1);
    }
    return 1 - 2 / Math.sqrt(Math.PI) * sum;
  }
  let f = 0;
  for (let k = 60; k >= 1; k--) f = k / 2 / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}

/**
 * The studentised (bootstrap-t) interval of the AUC (docs/uncertainty.md). Near 1 the AUC
 * is carried by a few genuine pairs that score below many impostors; a dataset that drew
 * few of them has a high AUC and a small spread together, so an interval built from the
 * spread alone lies above the truth. The bootstrap-t divides each resample's deviation by
 * that resample's own standard error, and so learns how the error grows with the number of
 * such pairs (B. Efron and R. J. Tibshirani, _An Introduction to the Bootstrap_, 1993,
 * ch. 12; P. Hall, _Theoretical comparison of bootstrap confidence intervals_, Annals of
 * Statistics 16(3), 1988).
 *
 * The standard error is the delta method's, over subjects: the first-order change of the
 * AUC when subject `s` is drawn once more is its influence
 * `L_s = Σ_{g∈s} (a_g − A)/G + Σ_{i∋s} (b_i − A)/I`, with `a_g` a genuine pair's placement
 * (the fraction of impostors below it, ties ½), `b_i` an impostor pair's (the fraction of
 * genuine pairs above it), `G` and `I` the numbers of pairs, and the variance is
 * `S/(S−1) · Σ_s (L_s − L̄)²`. In a resample the same sums are taken over the drawn copies,
 * with the resample's AUC, `G` and `I`; the placements are those of the data.
 *
 * @module
 */
import { _quantile } from "./percentile_interval.ts";
import { differenceInterval, scoreInterval } from "./score_interval.ts";
import { _xoshiro128ss, type SubjectDraws } from "./subject_draws.ts";

/** Per-subject sums of the AUC's delta-method influence (see the module documentation). */
export interface AucInfluence {
  /** `Σ a_g` over subject s's genuine pairs. */
  genuine: Float64Array;
  /** Number of genuine pairs of subject s. */
  genuineCount: Float64Array;
  /** `Σ b_i` over the impostor pairs with s on either side. */
  impostor: Float64Array;
  /** Number of impostor pairs with s on either side (each pair counts for both subjects). */
  impostorCount: Float64Array;
}

/**
 * The influence of `current − baseline`: placements subtract, counts are those of the one
 * protocol both runs share.
 */
export function influenceDifference(baseline: AucInfluence, current: AucInfluence): AucInfluence {
  const sub = (x: Float64Array, y: Float64Array) => y.map((v, s) => v - x[s]!);
  return {
    genuine: sub(baseline.genuine, current.genuine),
    genuineCount: current.genuineCount,
    impostor: sub(baseline.impostor, current.impostor),
    impostorCount: current.impostorCount,
  };
}

/**
 * The delta-method standard error of the AUC (or of a difference of AUCs) for the subject
 * counts `counts[offset … offset + S)` and that dataset's value `value`. NaN when there
 * are no genuine or no impostor pairs, or fewer than two subjects.
 */
export function influenceStandardError(
  influence: AucInfluence,
  counts: ArrayLike<number>,
  offset: number,
  value: number,
): number {
  const { genuine, genuineCount, impostor, impostorCount } = influence;
  const S = genuine.length;
  let G = 0, I2 = 0;
  for (let s = 0; s < S; s++) {
    const c = counts[offset + s]!;
    G += c * genuineCount[s]!;
    I2 += c * impostorCount[s]!;
  }
  if (!(G > 0 && I2 > 0 && S > 1 && value === value)) return NaN;
  const I = I2 / 2;
  let sum = 0, sum2 = 0;
  for (let s = 0; s < S; s++) {
    const c = counts[offset + s]!;
    if (c === 0) continue;
    const l = (genuine[s]! - value * genuineCount[s]!) / G +
      (impostor[s]! - value * impostorCount[s]!) / I;
    sum += c * l;
    sum2 += c * l * l;
  }
  return Math.sqrt(Math.max(0, sum2 - sum * sum / S) * S / (S - 1));
}

/**
 * The studentised bootstrap interval `[θ − t₀.₉₇₅·se, θ − t₀.₀₂₅·se]` (for level 0.95),
 * where `t_q` is numpy's default (linear) quantile of `t_b = (θ_b − θ) / se_b` over the
 * resamples whose value and standard error are defined and `se_b > 0`, and `se` is the
 * data's standard error. `bounds` clips the interval (`[0, 1]` for an AUC; none for a
 * difference). NaN when `θ` or `se` is undefined, `se` is 0, or fewer than two `t_b`
 * remain.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { studentizedInterval } from "./studentized_interval.ts";
 * const [lo, hi] = studentizedInterval(0.5, [0.4, 0.6], [0.1, 0.1], 0.1, 0.5);
 * assert.ok(Math.abs(lo - 0.45) < 1e-12 && Math.abs(hi - 0.55) < 1e-12);
 * ```
 */
export function studentizedInterval(
  point: number,
  values: ArrayLike<number>,
  errors: ArrayLike<number>,
  error: number,
  level = 0.95,
  bounds: [number, number] = [-Infinity, Infinity],
): [number, number] {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`Cannot compute a ${level} interval: expected a level in (0, 1)`);
  }
  if (!(point === point && error > 0)) return [NaN, NaN];
  const t: number[] = [];
  for (let b = 0; b < values.length; b++) {
    const v = values[b]!, e = errors[b]!;
    if (v === v && e > 0) t.push((v - point) / e);
  }
  if (t.length < 2) return [NaN, NaN];
  const sorted = Float64Array.from(t).sort();
  const lo = point - _quantile(sorted, (1 + level) / 2) * error;
  const hi = point - _quantile(sorted, (1 - level) / 2) * error;
  return [Math.max(bounds[0], lo), Math.min(bounds[1], hi)];
}

/**
 * The AUC interval of `eval`: the {@linkcode studentizedInterval} of the subjects
 * resamples `values` (one AUC per row of `draws`) at the {@linkcode calibratedLevel},
 * clipped to [0, 1]. When the data's standard error is 0 (no genuine pair below any
 * impostor) it is the {@linkcode scoreInterval} over the `genuine` pairs instead.
 */
export function aucInterval(
  point: number,
  values: ArrayLike<number>,
  influence: AucInfluence,
  draws: SubjectDraws,
  genuine: number,
  level = 0.95,
): [number, number] {
  const out = _calibrated(point, values, influence, draws, level, [0, 1]);
  return out[0] === out[0] ? out : scoreInterval(point, values, genuine, { level });
}

/**
 * The gate's AUC interval of `current − baseline`: the {@linkcode studentizedInterval} of
 * the paired differences `values` with the standard errors of the difference's influence
 * ({@linkcode influenceDifference}), at the {@linkcode calibratedLevel}; the
 * {@linkcode differenceInterval} when that error is 0.
 */
export function aucDifferenceInterval(
  delta: number,
  values: ArrayLike<number>,
  influence: AucInfluence,
  draws: SubjectDraws,
  level = 0.95,
): [number, number] {
  const out = _calibrated(delta, values, influence, draws, level);
  return out[0] === out[0] ? out : differenceInterval(delta, values, { level });
}

/** The studentised interval of `values` (one per row of `draws`) at the calibrated level. */
function _calibrated(
  point: number,
  values: ArrayLike<number>,
  influence: AucInfluence,
  draws: SubjectDraws,
  level: number,
  bounds?: [number, number],
): [number, number] {
  if (values.length !== draws.resamples) {
    throw new RangeError(
      `Cannot studentise ${values.length} resamples with ${draws.resamples} rows of draws`,
    );
  }
  const errors = Float64Array.from(
    { length: draws.resamples },
    (_, b) => influenceStandardError(influence, draws.counts, b * draws.subjects, values[b]!),
  );
  const ones = new Uint32Array(draws.subjects).fill(1);
  return studentizedInterval(
    point,
    values,
    errors,
    influenceStandardError(influence, ones, 0, point),
    calibratedLevel(influence, draws, level),
    bounds,
  );
}

/** The nominal levels that {@linkcode calibratedLevel} chooses from, in increasing order. */
export const CALIBRATION_LEVELS: readonly number[] = [
  0.95,
  0.96,
  0.97,
  0.98,
  0.985,
  0.99,
  0.9925,
  0.995,
  0.9975,
  0.999,
];

/** Second-level resamples per first-level resample in {@linkcode calibratedLevel}. */
export const CALIBRATION_RESAMPLES = 100;

/**
 * The nominal level at which the studentised interval covers in the bootstrap's own world
 * (the iterated bootstrap's calibration: P. Hall and M. A. Martin, _On bootstrap
 * resampling and iteration_, Biometrika 75(4), 1988; R. Beran, _Prepivoting to reduce level
 * error of confidence sets_, Biometrika 74(3), 1987). Each first-level resample b (a row of
 * `draws`) is treated as a dataset: `inner` resamples of its S subject copies give a
 * studentised interval at every level of {@linkcode CALIBRATION_LEVELS}, and the level
 * returned is the smallest whose intervals hold the data's value in at least `level` of
 * the B resamples (the largest when none does).
 *
 * Both levels use the ratio form of the value, `Σ c·genuine / Σ c·genuineCount` (the mean
 * genuine placement, which is the AUC), and {@linkcode influenceStandardError}: the
 * placements stay those of the data. The second-level draws come from xoshiro128**
 * seeded with `draws.seed` (tools/make_studentized_reference.py mirrors them): for
 * resample b in order, `inner` times S draws `copies[floor(u · S)]`, `copies` listing
 * subject s `c[s]` times in subject order.
 */
export function calibratedLevel(
  influence: AucInfluence,
  draws: SubjectDraws,
  level = 0.95,
  inner = CALIBRATION_RESAMPLES,
): number {
  const S = draws.subjects, B = draws.resamples, L = CALIBRATION_LEVELS;
  const next = _xoshiro128ss(draws.seed);
  const value = (c: ArrayLike<number>, o: number) => _ratioValue(influence, c, o);
  const ones = new Uint32Array(S).fill(1), theta = value(ones, 0);
  const hits = new Float64Array(L.length), copies = new Int32Array(S);
  const counts = new Uint32Array(S), t = new Float64Array(inner);
  for (let b = 0; b < B; b++) {
    const o = b * S;
    for (let s = 0, k = 0; s < S; s++) {
      for (let c = draws.counts[o + s]!; c > 0; c--) copies[k++] = s;
    }
    const tb = value(draws.counts, o);
    const eb = influenceStandardError(influence, draws.counts, o, tb);
    let n = 0;
    for (let j = 0; j < inner; j++) {
      counts.fill(0);
      for (let i = 0; i < S; i++) counts[copies[Math.floor((next() / 4294967296) * S)]!]!++;
      const v = value(counts, 0), e = influenceStandardError(influence, counts, 0, v);
      if (v === v && e > 0) t[n++] = (v - tb) / e;
    }
    if (!(n >= 2 && eb > 0 && tb === tb)) continue;
    const sorted = t.subarray(0, n).sort();
    L.forEach((l, k) => {
      const lo = tb - _quantile(sorted, (1 + l) / 2) * eb;
      const hi = tb - _quantile(sorted, (1 - l) / 2) * eb;
      if (lo <= theta && theta <= hi) hits[k]!++;
    });
  }
  const k = L.findIndex((_, k) => hits[k]! >= level * B);
  return L[k < 0 ? L.length - 1 : k]!;
}

/** `Σ c·genuine / Σ c·genuineCount`: the mean genuine placement (the AUC, or a difference). */
function _ratioValue(influence: AucInfluence, counts: ArrayLike<number>, offset: number): number {
  let num = 0, den = 0;
  for (let s = 0; s < influence.genuine.length; s++) {
    const c = counts[offset + s]!;
    num += c * influence.genuine[s]!;
    den += c * influence.genuineCount[s]!;
  }
  return den > 0 ? num / den : NaN;
}

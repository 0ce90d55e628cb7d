/**
 * The central percentile interval of bootstrap values: the `(1 − level)/2` and
 * `(1 + level)/2` quantiles, interpolated linearly as `numpy.percentile` does by default.
 *
 * NaN values (resamples where the metric is undefined, e.g. no mated probe was drawn) are
 * left out; when every value is NaN the interval is `[NaN, NaN]`.
 *
 * @param values The metric over the resamples, in any order.
 * @param level Coverage of the interval. Default 0.95.
 * @throws {RangeError} When the level is not in (0, 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { percentileInterval } from "./percentile_interval.ts";
 * assert.deepEqual(percentileInterval([0, 1, 2, 3, 4], 0.5), [1, 3]);
 * ```
 */
export function percentileInterval(values: ArrayLike<number>, level = 0.95): [number, number] {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`Cannot compute a ${level} interval: expected a level in (0, 1)`);
  }
  const finite = Float64Array.from(Array.prototype.filter.call(values, (v: number) => v === v));
  if (finite.length === 0) return [NaN, NaN];
  finite.sort();
  return [_quantile(finite, (1 - level) / 2), _quantile(finite, (1 + level) / 2)];
}

/** numpy's default (linear) quantile `q` of ascending values. */
export function _quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h), hi = Math.ceil(h);
  const a = sorted[lo]!, b = sorted[hi]!;
  return a + (h - lo) * (b - a);
}

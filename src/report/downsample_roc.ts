/** A ROC curve as parallel arrays, `fpr` ascending (as `sklearn.metrics.roc_curve` returns it). */
export interface RocPoints {
  fpr: Float64Array;
  tpr: Float64Array;
}

/** Options of {@link downsampleRoc}. */
export interface DownsampleRocOptions {
  /** The most points returned. Default `600`; at least 2. */
  maxPoints?: number;
}

/**
 * Thins a ROC curve for plotting on a log FAR axis.
 *
 * Points with `fpr <= 0` (or NaN) are dropped, since a log axis cannot show them. Of the
 * rest, the first and the last are always kept; between them, for each of G grid FARs
 * spaced evenly in log10 from the first kept FAR to the last, the FAR value of the curve
 * nearest in log10 is found by binary search (ties go to the lower FAR) and the first
 * and last points with that FAR are kept, so a vertical step keeps its bottom and its
 * top. G is the largest grid (found by bisection, between `⌊(maxPoints − 2) / 2⌋` and
 * `maxPoints − 2`) whose picks fit in `maxPoints`. The cost is
 * O(maxPoints · log maxPoints · log n) whatever the curve's length. Points are kept in
 * their original order and never repeated, all of them points of the input (no
 * interpolation).
 *
 * Degenerate cases: a curve with `maxPoints` or fewer positive-FAR points is returned
 * with only the `fpr <= 0` points removed; a curve with none gives two empty arrays.
 *
 * @example Usage
 * ```ts
 * import { downsampleRoc } from "./downsample_roc.ts";
 * import assert from "node:assert/strict";
 *
 * const fpr = new Float64Array([0, 1e-6, 1e-5, 1e-3, 0.01, 0.5, 1]);
 * const tpr = new Float64Array([0, 0.4, 0.5, 0.8, 0.9, 0.95, 1]);
 * const out = downsampleRoc({ fpr, tpr }, { maxPoints: 3 });
 * assert.deepEqual(Array.from(out.fpr), [1e-6, 1e-3, 1]); // grid FAR 1e-3 and the ends
 * ```
 *
 * @param curve The ROC; `fpr` must be sorted ascending.
 * @param options The point budget; see {@link DownsampleRocOptions}.
 * @returns A new, shorter curve.
 */
export function downsampleRoc(curve: RocPoints, options: DownsampleRocOptions = {}): RocPoints {
  const { maxPoints = 600 } = options;
  const { fpr, tpr } = curve;
  if (fpr.length !== tpr.length) {
    throw new TypeError(
      `Cannot downsample a ROC whose fpr and tpr differ in length: found ${fpr.length} and ${tpr.length}`,
    );
  }
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(
      `Cannot downsample a ROC to maxPoints ${maxPoints}: expected an integer >= 2`,
    );
  }
  // 1. Skip the leading fpr <= 0 points (fpr is ascending, so they come first).
  let start = 0;
  while (start < fpr.length && !((fpr[start] as number) > 0)) start++;
  const n = fpr.length - start;
  if (n <= maxPoints) {
    const keep: number[] = [];
    for (let i = start; i < fpr.length; i++) if ((fpr[i] as number) > 0) keep.push(i);
    return _take(curve, keep);
  }
  // 2. The finest log-spaced grid whose picks fit the budget: each grid FAR adds one or
  //    two points, so ⌊(maxPoints − 2) / 2⌋ grid FARs always fit; search up to maxPoints − 2.
  let best = _pick(fpr, start, Math.floor((maxPoints - 2) / 2));
  let a = Math.floor((maxPoints - 2) / 2) + 1;
  let b = maxPoints - 2;
  while (a <= b) {
    const mid = (a + b) >>> 1;
    const keep = _pick(fpr, start, mid);
    if (keep.length <= maxPoints) {
      best = keep;
      a = mid + 1;
    } else b = mid - 1;
  }
  return _take(curve, best);
}

/**
 * The kept indices for `inner` grid FARs: the first positive point, the last point, and
 * for each grid FAR the first and last points of the nearest run of equal FARs.
 */
function _pick(fpr: Float64Array, start: number, inner: number): number[] {
  const lo = Math.log10(fpr[start] as number);
  const hi = Math.log10(fpr[fpr.length - 1] as number);
  const keep = [start];
  const push = (i: number) => {
    if (i > (keep[keep.length - 1] as number)) keep.push(i);
  };
  for (let g = 1; g <= inner; g++) {
    const target = lo + ((hi - lo) * g) / (inner + 1);
    const a = _lowerBound(fpr, start, 10 ** target);
    let first = a;
    if (a === fpr.length) first = _lowerBound(fpr, start, fpr[a - 1] as number);
    else if (a > start) {
      const above = Math.log10(fpr[a] as number) - target;
      const below = target - Math.log10(fpr[a - 1] as number);
      if (below <= above) first = _lowerBound(fpr, start, fpr[a - 1] as number);
    }
    push(first);
    push(_upperBound(fpr, first, fpr[first] as number) - 1);
  }
  push(fpr.length - 1);
  return keep;
}

/** The first index in [from, length) whose fpr is >= x (fpr ascending). */
function _lowerBound(fpr: Float64Array, from: number, x: number): number {
  let a = from;
  let b = fpr.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((fpr[mid] as number) < x) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** The first index in [from, length) whose fpr is > x (fpr ascending). */
function _upperBound(fpr: Float64Array, from: number, x: number): number {
  let a = from;
  let b = fpr.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((fpr[mid] as number) <= x) a = mid + 1;
    else b = mid;
  }
  return a;
}

function _take(curve: RocPoints, keep: readonly number[]): RocPoints {
  const fpr = new Float64Array(keep.length);
  const tpr = new Float64Array(keep.length);
  keep.forEach((i, j) => {
    fpr[j] = curve.fpr[i] as number;
    tpr[j] = curve.tpr[i] as number;
  });
  return { fpr, tpr };
}

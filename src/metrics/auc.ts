import type { RocCurve } from "./roc_curve.ts";

/** numpy's block size for pairwise summation (`PW_BLOCKSIZE`). */
const _PW_BLOCK = 128;
/** numpy's default ufunc buffer size: a reduction is summed in chunks of this many values. */
const _BUFSIZE = 8192;

/**
 * Area under a ROC curve by the trapezoidal rule.
 *
 * Reproduces `sklearn.metrics.auc(fpr, tpr)`, which calls `numpy.trapz`, down to the
 * last bit: the trapezoids `dx·(y[i+1] + y[i]) / 2` are summed with numpy's pairwise
 * summation in buffer-sized chunks, starting from 0.
 *
 * Degenerate cases: when fpr or tpr is NaN (no impostor or no genuine pairs) the area is
 * NaN. A curve of one point has area 0 (sklearn raises instead; `rocCurve` always gives at
 * least two points).
 *
 * @param roc A curve from {@linkcode rocCurve}; only `fpr` and `tpr` are read.
 * @throws {TypeError} When fpr and tpr differ in length or are empty.
 * @throws {RangeError} When fpr is neither non-decreasing nor non-increasing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { auc } from "./auc.ts";
 * import { rocCurve } from "./roc_curve.ts";
 * const roc = rocCurve(new Float64Array([0.1, 0.4, 0.35, 0.8]), new Uint8Array([0, 0, 1, 1]));
 * assert.equal(auc(roc), 0.75);
 * ```
 */
export function auc(roc: Pick<RocCurve, "fpr" | "tpr">): number {
  const { fpr: x, tpr: y } = roc;
  const n = x.length;
  if (n === 0 || y.length !== n) {
    throw new TypeError(
      `Cannot compute the AUC of a curve with ${n} fpr and ${y.length} tpr values: ` +
        `expected the same non-zero length`,
    );
  }
  const terms = new Float64Array(n - 1);
  let down = false, up = false;
  for (let i = 0; i < n - 1; i++) {
    const dx = x[i + 1]! - x[i]!;
    if (dx < 0) down = true;
    if (dx > 0) up = true;
    terms[i] = (dx * (y[i + 1]! + y[i]!)) / 2.0;
  }
  if (down && up) {
    throw new RangeError(
      "Cannot compute the AUC as fpr is neither increasing nor decreasing: expected a monotonic curve",
    );
  }
  let area = 0;
  for (let start = 0; start < terms.length; start += _BUFSIZE) {
    area += _pairwiseSum(terms, start, Math.min(terms.length - start, _BUFSIZE));
  }
  return down ? -area : area;
}

/** numpy's `pairwise_sum_DOUBLE` over `a[start .. start + n)`. */
function _pairwiseSum(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= _PW_BLOCK) {
    const r = a.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    }
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return _pairwiseSum(a, start, n2) + _pairwiseSum(a, start + n2, n - n2);
}

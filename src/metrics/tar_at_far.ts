import { FAR_TARGETS } from "./result.ts";
import type { RocCurve } from "./roc_curve.ts";

/** Options for {@linkcode tarAtFar}. */
export interface TarAtFarOptions {
  /** Target false accept rates, each in [0, 1]. Default: the six of `FAR_TARGETS` (1e-6 … 1e-1). */
  fars?: readonly number[];
}

/**
 * Reads the true accept rate at target false accept rates off a ROC curve.
 *
 * Reproduces insightface's IJB evaluation (`recognition/_evaluation_/ijb`): the arrays are
 * reversed so that fpr decreases, and for each target `x` the index minimising
 * `(|fpr_i − x|, i)` is taken; its tpr is reported, with no interpolation.
 *
 * Details and degenerate cases:
 * - Ties in distance go to the smallest index in the reversed order, i.e. the ROC point
 *   with the largest fpr and tpr.
 * - A target below 1/impostors picks the nearest point, usually fpr 0 (the first point
 *   reached with fpr 0 going down, i.e. the largest tpr at fpr 0).
 * - No impostors (fpr all NaN): no distance is smaller than another, so index 0 of the
 *   reversed arrays wins, as in Python's `min`: the last ROC point, tpr 1.
 * - No genuine pairs (tpr all NaN): every value is NaN.
 *
 * @param roc A curve from {@linkcode rocCurve}.
 * @param options See {@linkcode TarAtFarOptions}.
 * @returns One tpr per target, in the order of `fars`.
 * @throws {TypeError} When fpr and tpr differ in length or are empty.
 * @throws {RangeError} When a target is not in [0, 1].
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rocCurve } from "./roc_curve.ts";
 * import { tarAtFar } from "./tar_at_far.ts";
 * const roc = rocCurve(new Float64Array([0.9, 0.8, 0.7, 0.6]), new Uint8Array([1, 0, 1, 0]));
 * assert.equal(tarAtFar(roc, { fars: [0, 0.5] }).join(), "0.5,1");
 * ```
 */
export function tarAtFar(roc: RocCurve, options: TarAtFarOptions = {}): number[] {
  const fars = options.fars ?? FAR_TARGETS.map(([, far]) => far);
  const { fpr, tpr } = roc;
  const n = fpr.length;
  if (n === 0 || tpr.length !== n) {
    throw new TypeError(
      `Cannot read TAR@FAR from a ROC curve with ${n} fpr and ${tpr.length} tpr values: ` +
        `expected the same non-zero length`,
    );
  }
  for (const [i, far] of fars.entries()) {
    if (!(far >= 0 && far <= 1)) {
      throw new RangeError(
        `Cannot read TAR@FAR as target ${i} is ${far}: expected a FAR in [0, 1]`,
      );
    }
  }
  return fars.map((far) => {
    // Reversed index r is original index n - 1 - r; strict < keeps the smallest r.
    let best = n - 1;
    let bestDistance = Math.abs(fpr[best]! - far);
    for (let r = 1; r < n; r++) {
      const d = Math.abs(fpr[n - 1 - r]! - far);
      if (d < bestDistance) {
        bestDistance = d;
        best = n - 1 - r;
      }
    }
    return tpr[best]!;
  });
}

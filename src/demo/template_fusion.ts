/** A probe template's fused feature and the weight each image had in it. */
import type { Matrix } from "../features/mod.ts";

/** A fused template: the unit feature and one weight per image (summing to 1). */
export interface TemplateFusion {
  /** `x / (‖x‖ + 1e-8)` of the fused raw feature. */
  readonly fused: Float32Array;
  /** Each image's share of the fused feature, summing to 1 (all 0 for 0 images). */
  readonly weights: Float64Array;
}

/**
 * The CAFace paper's average baseline (docs/fusion.md#average) on one template: the mean of the raw
 * features, then `x / (‖x‖ + 1e-8)`. Since raw features carry their norm this is a
 * norm-weighted mean of unit features, so image n's weight is `‖f_n‖ / Σ‖f‖`, as in the
 * CAFace repository's demo (`demo/inference.py`, `method == 'average'`).
 *
 * Degenerate cases: 0 rows give a zero feature and no weights; all-zero rows give a zero
 * feature and weights `1/N` each.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matrix } from "../features/mod.ts";
 * import { averageTemplate } from "./template_fusion.ts";
 * const { fused, weights } = averageTemplate(matrix(2, 2, new Float32Array([3, 0, 0, 1])));
 * assert.ok(Math.abs(weights[0]! - 0.75) < 1e-12);
 * assert.ok(fused[0]! > fused[1]!);
 * ```
 */
export function averageTemplate(features: Matrix): TemplateFusion {
  const { rows, dim, data } = features;
  const sum = new Float64Array(dim);
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sq = 0;
    for (let j = 0; j < dim; j++) {
      const v = data[r * dim + j]!;
      sum[j]! += v;
      sq += v * v;
    }
    norms[r] = Math.sqrt(sq);
  }
  for (let j = 0; j < dim; j++) sum[j]! /= Math.max(rows, 1);
  const total = norms.reduce((a, b) => a + b, 0);
  const weights = norms.map((n) => total > 0 ? n / total : 1 / rows);
  return { fused: unitVector(sum), weights };
}

/** `x / (‖x‖ + 1e-8)` in float64, rounded once to float32. A zero vector stays zero. */
export function unitVector(x: ArrayLike<number>): Float32Array {
  let sq = 0;
  for (let j = 0; j < x.length; j++) sq += x[j]! * x[j]!;
  const scale = 1 / (Math.sqrt(sq) + 1e-8);
  return Float32Array.from({ length: x.length }, (_, j) => x[j]! * scale);
}

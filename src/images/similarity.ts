/**
 * The ArcFace 5-point template in a 112×112 crop, as (x, y) pairs: left eye, right eye,
 * nose tip, left and right mouth corners (insightface's `arcface_dst`).
 */
export const ARCFACE_TEMPLATE: Readonly<Float64Array> = Float64Array.of(
  38.2946,
  51.6963,
  73.5318,
  51.5014,
  56.0252,
  71.7366,
  41.5493,
  92.3655,
  70.7299,
  92.2041,
);

/**
 * Least-squares similarity transform (scale, rotation, translation; 4 degrees of freedom,
 * no reflection) mapping the `src` points onto the destination points.
 *
 * Reproduces Umeyama (1991) as in `skimage.transform.SimilarityTransform.estimate` and
 * insightface's `norm_crop`, in the closed form that the 2-D case allows: with
 * `A = Σ dstᶜ·srcᶜᵀ / n` (centred points), the rotation angle is
 * `atan2(A₁₀ − A₀₁, A₀₀ + A₁₁)` and the scale is `√((A₀₀ + A₁₁)² + (A₁₀ − A₀₁)²) / var(src)`,
 * which equals skimage's `S·d / var` from the SVD, including the reflection case
 * (`det A < 0`) and the rank-1 (collinear) case.
 *
 * @param src Source points, interleaved (x, y): 10 values for 5 landmarks.
 * @param dst Destination points, interleaved (x, y). Default {@linkcode ARCFACE_TEMPLATE}.
 * @returns The 2×3 matrix `[a, −b, tx, b, a, ty]` (row-major), as `params[:2]`.
 * @throws {TypeError} When `src` and `dst` differ in length, or hold an odd count or
 * fewer than 2 points.
 * @throws {RangeError} When a coordinate is not finite, when all source points coincide,
 * or when the fitted scale is 0 or not finite (e.g. `dst` points all coincide or are
 * a mirror image of `src`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ARCFACE_TEMPLATE, estimateSimilarity } from "./similarity.ts";
 * const m = estimateSimilarity(ARCFACE_TEMPLATE.map((v) => v * 2));
 * assert.ok(Math.abs(m[0]! - 0.5) < 1e-12);
 * assert.ok(Math.abs(m[2]!) < 1e-12);
 * ```
 */
export function estimateSimilarity(
  src: Float64Array | Float32Array,
  dst: Readonly<Float64Array> | Readonly<Float32Array> = ARCFACE_TEMPLATE,
): Float64Array {
  // 1. Validate.
  if (src.length !== dst.length || src.length % 2 !== 0 || src.length < 4) {
    throw new TypeError(
      `Cannot estimate a similarity transform from ${src.length} source and ${dst.length} destination values: expected the same even count, at least 4`,
    );
  }
  const n = src.length / 2;
  _checkFinite(src, "source");
  _checkFinite(dst, "destination");
  // 2. Centre both point sets.
  let sx = 0, sy = 0, dx = 0, dy = 0;
  for (let i = 0; i < n; i++) {
    sx += src[2 * i]!;
    sy += src[2 * i + 1]!;
    dx += dst[2 * i]!;
    dy += dst[2 * i + 1]!;
  }
  sx /= n;
  sy /= n;
  dx /= n;
  dy /= n;
  // 3. Cross-covariance A = dstᶜᵀ·srcᶜ / n and the source variance.
  let a00 = 0, a01 = 0, a10 = 0, a11 = 0, variance = 0;
  for (let i = 0; i < n; i++) {
    const px = src[2 * i]! - sx, py = src[2 * i + 1]! - sy;
    const qx = dst[2 * i]! - dx, qy = dst[2 * i + 1]! - dy;
    a00 += qx * px;
    a01 += qx * py;
    a10 += qy * px;
    a11 += qy * py;
    variance += px * px + py * py;
  }
  a00 /= n;
  a01 /= n;
  a10 /= n;
  a11 /= n;
  variance /= n;
  if (!(variance > 0)) {
    throw new RangeError(
      `Cannot estimate a similarity transform as all ${n} source points coincide: expected at least 2 distinct points`,
    );
  }
  // 4. Best rotation and scale.
  const p = a00 + a11, q = a10 - a01;
  const norm = Math.hypot(p, q);
  const scale = norm / variance;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(
      `Cannot estimate a similarity transform as the fitted scale is ${scale}: expected a positive finite scale`,
    );
  }
  const cos = p / norm, sin = q / norm;
  const tx = dx - scale * (cos * sx - sin * sy);
  const ty = dy - scale * (sin * sx + cos * sy);
  return Float64Array.of(scale * cos, -scale * sin, tx, scale * sin, scale * cos, ty);
}

function _checkFinite(
  points: Readonly<Float64Array> | Readonly<Float32Array>,
  which: string,
): void {
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i])) {
      throw new RangeError(
        `Cannot estimate a similarity transform as ${which} point ${i >> 1} ${
          i % 2 === 0 ? "x" : "y"
        } is ${points[i]}: expected finite coordinates`,
      );
    }
  }
}

import { type RgbImage, rgbImage } from "./rgb_image.ts";

/** Options for {@linkcode warpAffine}. */
export interface WarpOptions {
  /** Output width in pixels. Default 112. */
  width?: number;
  /** Output height in pixels. Default 112. */
  height?: number;
}

/** OpenCV's `INTER_BITS`: sample positions are quantised to 1/32 pixel. */
const _INTER_BITS = 5;
const _INTER_TAB = 1 << _INTER_BITS;
/** OpenCV's `AB_BITS`: the inverse map is stepped in 1/1024 pixel fixed point. */
const _AB_BITS = 10;
const _AB_SCALE = 1 << _AB_BITS;
const _ROUND_DELTA = _AB_SCALE / _INTER_TAB / 2;
/** OpenCV's `INTER_REMAP_COEF_BITS`: the 4 bilinear weights sum to 2^15. */
const _COEF_BITS = 15;
const _COEF_ROUND = 1 << (_COEF_BITS - 1);
const _INT_MAX = 2147483647;
const _INT_MIN = -2147483648;

/**
 * Warps `img` by the 2×3 affine matrix `m` (row-major, source → destination) into a
 * `width`×`height` image with bilinear interpolation and a black border.
 *
 * Reproduces `cv2.warpAffine(img, m, (width, height), flags=INTER_LINEAR,
 * borderMode=BORDER_CONSTANT, borderValue=0)` of OpenCV 4.x bit for bit:
 * - destination pixel (x, y) samples the source at `m⁻¹·(x, y, 1)`, integer coordinates at
 *   pixel centres, `m⁻¹` computed as `cv::warpAffine` does;
 * - the inverse map is stepped in 1/1024-pixel fixed point with `cvRound` (half to even)
 *   and cut to 1/32 pixel (`INTER_BITS` = 5);
 * - the 4 weights are integers summing to 2^15 and the sum is rounded half up;
 * - a neighbour outside the source counts as black, so pixels whose 2×2 footprint
 *   straddles the edge blend with black, and pixels wholly outside are black.
 *
 * @throws {TypeError} When `m` does not hold 6 values.
 * @throws {RangeError} When `m` has a non-finite entry or is singular (determinant 0,
 * which OpenCV would silently turn into an all-zero inverse), or the size is not a
 * positive whole number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rgbImage } from "./rgb_image.ts";
 * import { warpAffine } from "./warp.ts";
 * const src = rgbImage(2, 1, new Uint8Array([0, 0, 0, 100, 100, 100]));
 * const out = warpAffine(src, Float64Array.of(1, 0, -0.5, 0, 1, 0), { width: 1, height: 1 });
 * assert.equal(out.data[0], 50); // halfway between the two source pixels
 * ```
 */
export function warpAffine(img: RgbImage, m: Float64Array, options: WarpOptions = {}): RgbImage {
  const width = options.width ?? 112;
  const height = options.height ?? 112;
  // 1. Validate.
  if (m.length !== 6) {
    throw new TypeError(`Cannot warp with an affine matrix of ${m.length} values: expected 6`);
  }
  for (let i = 0; i < 6; i++) {
    if (!Number.isFinite(m[i])) {
      throw new RangeError(
        `Cannot warp with an affine matrix whose entry ${i} is ${m[i]}: expected finite values`,
      );
    }
  }
  for (const [label, v] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`Cannot warp to a ${label} of ${v}: expected a positive whole number`);
    }
  }
  // 2. Invert, in cv::warpAffine's order of operations.
  const det = m[0]! * m[4]! - m[1]! * m[3]!;
  if (det === 0) {
    throw new RangeError(
      `Cannot warp with a singular affine matrix [${
        Array.from(m).join(", ")
      }]: expected a non-zero determinant`,
    );
  }
  const d = 1 / det;
  const i0 = m[4]! * d, i1 = m[1]! * -d, i3 = m[3]! * -d, i4 = m[0]! * d;
  const i2 = -i0 * m[2]! - i1 * m[5]!;
  const i5 = -i3 * m[2]! - i4 * m[5]!;
  // 3. Per-column steps, in 1/1024 pixel.
  const adelta = new Int32Array(width), bdelta = new Int32Array(width);
  for (let x = 0; x < width; x++) {
    adelta[x] = _cvRound(i0 * x * _AB_SCALE);
    bdelta[x] = _cvRound(i3 * x * _AB_SCALE);
  }
  // 4. Sample.
  const out = new Uint8Array(width * height * 3);
  const sw = img.width, sh = img.height, src = img.data, stride = sw * 3;
  const shift = _AB_BITS - _INTER_BITS, mask = _INTER_TAB - 1;
  for (let y = 0; y < height; y++) {
    const x0 = _cvRound((i1 * y + i2) * _AB_SCALE) + _ROUND_DELTA;
    const y0 = _cvRound((i4 * y + i5) * _AB_SCALE) + _ROUND_DELTA;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      const fxq = (x0 + adelta[x]!) >> shift;
      const fyq = (y0 + bdelta[x]!) >> shift;
      const sx = fxq >> _INTER_BITS, sy = fyq >> _INTER_BITS;
      if (sx >= sw || sx < -1 || sy >= sh || sy < -1) continue; // wholly outside: black
      const ax = fxq & mask, ay = fyq & mask;
      // Exact products of 1/32 steps; OpenCV's table holds the same integers.
      const w00 = (_INTER_TAB - ax) * (_INTER_TAB - ay) * _INTER_TAB;
      const w01 = ax * (_INTER_TAB - ay) * _INTER_TAB;
      const w10 = (_INTER_TAB - ax) * ay * _INTER_TAB;
      const w11 = ax * ay * _INTER_TAB;
      const p = sy * stride + sx * 3;
      if (sx >= 0 && sy >= 0 && sx < sw - 1 && sy < sh - 1) {
        for (let c = 0; c < 3; c++) {
          const q = p + c;
          out[o + c] = (src[q]! * w00 + src[q + 3]! * w01 + src[q + stride]! * w10 +
            src[q + stride + 3]! * w11 + _COEF_ROUND) >> _COEF_BITS;
        }
      } else {
        const in0 = sy >= 0, in1 = sy + 1 < sh, inL = sx >= 0, inR = sx + 1 < sw;
        for (let c = 0; c < 3; c++) {
          const q = p + c;
          const v00 = in0 && inL ? src[q]! : 0;
          const v01 = in0 && inR ? src[q + 3]! : 0;
          const v10 = in1 && inL ? src[q + stride]! : 0;
          const v11 = in1 && inR ? src[q + stride + 3]! : 0;
          out[o + c] = (v00 * w00 + v01 * w01 + v10 * w10 + v11 * w11 + _COEF_ROUND) >>
            _COEF_BITS;
        }
      }
    }
  }
  return rgbImage(width, height, out);
}

/** OpenCV's `saturate_cast<int>(double)`: round half to even, clamped to int32. */
function _cvRound(v: number): number {
  let r = Math.round(v);
  if (r - v === 0.5 && r % 2 !== 0) r -= 1;
  return r > _INT_MAX ? _INT_MAX : r < _INT_MIN ? _INT_MIN : r;
}

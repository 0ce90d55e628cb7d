/**
 * Bilinear resampling of a rectangle of an RGB image, with OpenCV's `cv::resize`
 * INTER_LINEAR pixel convention: destination pixel x samples the source at
 * `(x + 0.5) * (srcW / dstW) - 0.5`, clamped to the rectangle's edge pixels (the
 * rectangle behaves like an OpenCV ROI). No antialiasing, as in OpenCV. Output values are
 * unrounded floats on the 0–255 scale.
 */
import type { RgbImage } from "../images/mod.ts";

/** An integer pixel rectangle: left, top, width, height. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Returns `dstW * dstH * 3` interleaved RGB floats resampled from `rect` of `img`. */
export function _resizeRgb(img: RgbImage, rect: Rect, dstW: number, dstH: number): Float32Array {
  const xs = _axis(rect.x, rect.width, dstW);
  const ys = _axis(rect.y, rect.height, dstH);
  const out = new Float32Array(dstW * dstH * 3);
  const src = img.data;
  const stride = img.width * 3;
  for (let y = 0; y < dstH; y++) {
    const y0 = ys.i0[y]!, y1 = ys.i1[y]!, wy = ys.w[y]!;
    for (let x = 0; x < dstW; x++) {
      const x0 = xs.i0[x]! * 3, x1 = xs.i1[x]! * 3, wx = xs.w[x]!;
      const o = (y * dstW + x) * 3;
      for (let c = 0; c < 3; c++) {
        const a = src[y0 * stride + x0 + c]!, b = src[y0 * stride + x1 + c]!;
        const d = src[y1 * stride + x0 + c]!, e = src[y1 * stride + x1 + c]!;
        const top = a + (b - a) * wx;
        const bottom = d + (e - d) * wx;
        out[o + c] = top + (bottom - top) * wy;
      }
    }
  }
  return out;
}

function _axis(
  start: number,
  length: number,
  size: number,
): { i0: Int32Array; i1: Int32Array; w: Float32Array } {
  const i0 = new Int32Array(size), i1 = new Int32Array(size), w = new Float32Array(size);
  const scale = length / size;
  for (let d = 0; d < size; d++) {
    let f = (d + 0.5) * scale - 0.5;
    if (f < 0) f = 0;
    let s = Math.floor(f);
    let frac = f - s;
    if (s >= length - 1) {
      s = length - 1;
      frac = 0;
    }
    i0[d] = start + s;
    i1[d] = start + Math.min(s + 1, length - 1);
    w[d] = frac;
  }
  return { i0, i1, w };
}

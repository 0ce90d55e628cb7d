/**
 * 68-point landmarks with faceplugin's `fr_landmark.onnx`, and their reduction to the
 * five ArcFace points.
 *
 * Reimplemented from faceplugin-face-recognition-js `lib/fr_landmark.js`
 * (`alignLandmarkImage`, `preprocessLandmark`, `predictLandmarkImage`):
 * 1. the box corners are truncated to integers, and the crop is the box (scale 1),
 *    shifted, then clipped, to lie inside the image;
 * 2. the crop is resized to 64×64 (bilinear, OpenCV convention), converted to grey with
 *    ITU-R BT.601 weights `0.299 R + 0.587 G + 0.114 B`, and scaled by `1 / 256`;
 * 3. the model returns 68 (x, y) pairs relative to the crop, in [0, 1]; they are mapped
 *    back as `crop.x + u * crop.width`, `crop.y + v * crop.height`.
 * Differences from the package: no intermediate rounding to 8 bits, and the output is not
 * truncated to integers; the mapping uses the clipped crop rather than the raw box (they
 * agree whenever the box lies inside the image).
 */
import type { OnnxModel } from "../onnx/mod.ts";
import type { RgbImage } from "../images/mod.ts";
import { _resizeRgb, type Rect } from "./_resize.ts";

const SIZE = 64;

/**
 * Predicts 68 iBUG landmarks `[x0, y0, x1, y1, …]` in image pixels for the face in `box`
 * (`[x1, y1, x2, y2]`, e.g. from {@linkcode detectFaces}).
 *
 * Degenerate cases: a box narrower or shorter than one pixel after truncation throws a
 * RangeError.
 */
export async function landmarks68(
  model: OnnxModel,
  img: RgbImage,
  box: readonly [number, number, number, number],
): Promise<Float32Array> {
  const rect = _landmarkCrop(img.width, img.height, box);
  const rgb = _resizeRgb(img, rect, SIZE, SIZE);
  const grey = new Float32Array(SIZE * SIZE);
  for (let p = 0; p < grey.length; p++) {
    grey[p] = (0.299 * rgb[3 * p]! + 0.587 * rgb[3 * p + 1]! + 0.114 * rgb[3 * p + 2]!) / 256;
  }
  const out = await model.run({ input: { data: grey, dims: [1, 1, SIZE, SIZE] } }, ["output"]);
  const raw = out.output!.data;
  if (raw.length !== 136) {
    throw new TypeError(
      `Cannot read landmarks from ${model.name}: it returned ${raw.length} values: expected 136`,
    );
  }
  const points = new Float32Array(136);
  for (let k = 0; k < 68; k++) {
    points[2 * k] = rect.x + raw[2 * k]! * rect.width;
    points[2 * k + 1] = rect.y + raw[2 * k + 1]! * rect.height;
  }
  return points;
}

/** The package's crop rectangle for a box, kept inside the image. */
export function _landmarkCrop(
  width: number,
  height: number,
  box: readonly [number, number, number, number],
): Rect {
  const x = Math.trunc(box[0]), y = Math.trunc(box[1]);
  const boxW = Math.abs(Math.trunc(box[2]) - x), boxH = Math.abs(Math.trunc(box[3]) - y);
  if (boxW < 1 || boxH < 1) {
    throw new RangeError(
      `Cannot crop landmarks from box [${box.join(", ")}]: it is ${boxW}×${boxH} pixels`,
    );
  }
  const scale = Math.min((height - 1) / boxH, (width - 1) / boxW, 1);
  const w = boxW * scale, h = boxH * scale;
  const cx = x + boxW / 2, cy = y + boxH / 2;
  let left = cx - w / 2, top = cy - h / 2, right = cx + w / 2, bottom = cy + h / 2;
  if (left < 0) [right, left] = [right - left, 0];
  if (top < 0) [bottom, top] = [bottom - top, 0];
  if (right > width - 1) [left, right] = [left - (right - width + 1), width - 1];
  if (bottom > height - 1) [top, bottom] = [top - (bottom - height + 1), height - 1];
  const rx = Math.max(Math.trunc(left), 0), ry = Math.max(Math.trunc(top), 0);
  const rw = Math.min(Math.trunc(right - left), width - rx);
  const rh = Math.min(Math.trunc(bottom - top), height - ry);
  return { x: rx, y: ry, width: Math.max(rw, 1), height: Math.max(rh, 1) };
}

/** 0-based iBUG indices averaged for each of the five points. */
const GROUPS: readonly (readonly number[])[] = [
  [36, 37, 38, 39, 40, 41],
  [42, 43, 44, 45, 46, 47],
  [30],
  [48],
  [54],
];

/**
 * Reduces 68 iBUG landmarks to the five ArcFace points `[x1, y1, …, x5, y5]`, in the
 * ArcFace template order: image-left eye centre (mean of points 36–41), image-right eye
 * centre (mean of 42–47), nose tip (30), image-left mouth corner (48), image-right mouth
 * corner (54). Indices are 0-based; "left" means the left of the image (the subject's right).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { to5Points } from "./landmarks68.ts";
 * const p = to5Points(new Float32Array(136).fill(2));
 * assert.equal(p.length, 10);
 * assert.equal(p[0], 2);
 * ```
 */
export function to5Points(l68: Float32Array): Float32Array {
  if (l68.length !== 136) {
    throw new TypeError(
      `Cannot reduce landmarks to 5 points from ${l68.length} values: expected 136 (68 x, y pairs)`,
    );
  }
  const out = new Float32Array(10);
  GROUPS.forEach((group, p) => {
    let sx = 0, sy = 0;
    for (const k of group) {
      sx += l68[2 * k]!;
      sy += l68[2 * k + 1]!;
    }
    out[2 * p] = sx / group.length;
    out[2 * p + 1] = sy / group.length;
  });
  return out;
}

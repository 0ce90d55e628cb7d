/**
 * Face detection with faceplugin's `fr_detect.onnx`, a 320×240 "Ultra-Light-Fast-Generic"
 * RFB detector (4,420 SSD priors over strides 8/16/32/64, min sizes
 * [10,16,24] [32,48] [64,96] [128,192,256], variances 0.1/0.2).
 *
 * Reimplemented from the pre- and post-processing of faceplugin-face-recognition-js
 * `lib/fr_detect.js`, with these findings and deliberate differences:
 * - The graph already decodes the priors: its `boxes` output is corner form
 *   `(x1, y1, x2, y2)` normalised to [0, 1], and `scores` is softmaxed `(background,
 *   face)`. The package computes a prior decoding and then discards it, scaling the raw
 *   `boxes` output by (320, 240); so do we.
 * - Input: the whole image resized to 320×240 (bilinear, OpenCV convention), RGB planes,
 *   `(v − 127) / 128`. (The package's browser path swaps R and B of an RGBA canvas by
 *   mistake; RGB is the detector's training order, and on the 55 johns photos its lowest
 *   top score is 0.96 against 0.82 with R and B swapped.)
 * - NMS: greedy suppression in descending score order: a box is dropped when its IoU with
 *   a kept box exceeds `nms` (the detector's own `hard_nms`), or when more than
 *   `containment` of its area lies inside a kept box. The second rule removes the small
 *   "eye as a face" boxes that plain IoU keeps on 4 of the 55 johns photos; the package's
 *   own y2-ordered overlap-over-area variant is not reproduced.
 * - Like the package, each kept box is made square around its centre with side = its
 *   height, then clipped to the image.
 */
import type { OnnxModel } from "../onnx/mod.ts";
import type { RgbImage } from "../images/mod.ts";
import { _resizeRgb } from "./_resize.ts";

/** A detected face: box corners in image pixels and the face score in [0, 1]. */
export interface Detection {
  readonly box: [number, number, number, number];
  readonly score: number;
}

/** Options for {@linkcode detectFaces}. */
export interface DetectOptions {
  /** Minimum face score kept. Default `0.7`. */
  scoreThreshold?: number;
  /** IoU above which a lower-scoring box is suppressed. Default `0.3`. */
  nms?: number;
  /**
   * A box with more than this fraction of its area inside a kept, higher-scoring box is
   * suppressed. Default `0.8`; `1` disables the rule.
   */
  containment?: number;
  /** At most this many candidates enter NMS. Default `750` (as the package). */
  topK?: number;
}

const WIDTH = 320;
const HEIGHT = 240;

/**
 * Detects faces in an RGB image, highest score first.
 *
 * Degenerate cases: an empty image throws a RangeError; no candidate above the score
 * threshold returns `[]`; boxes with non-positive width or height are dropped.
 */
export async function detectFaces(
  model: OnnxModel,
  img: RgbImage,
  options: DetectOptions = {},
): Promise<Detection[]> {
  const threshold = options.scoreThreshold ?? 0.7;
  const nms = options.nms ?? 0.3;
  const containment = options.containment ?? 0.8;
  const topK = options.topK ?? 750;
  if (img.width < 1 || img.height < 1) {
    throw new RangeError(`Cannot detect faces in a ${img.width}×${img.height} image: it is empty`);
  }
  const input = _detectorInput(img);
  const out = await model.run({ input: { data: input, dims: [1, 3, HEIGHT, WIDTH] } }, [
    "scores",
    "boxes",
  ]);
  const scores = out.scores!.data;
  const boxes = out.boxes!.data;
  const n = scores.length / 2;
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = boxes[4 * i]!,
      y1 = boxes[4 * i + 1]!,
      x2 = boxes[4 * i + 2]!,
      y2 = boxes[4 * i + 3]!;
    if (scores[2 * i + 1]! >= threshold && x2 > x1 && y2 > y1) candidates.push(i);
  }
  candidates.sort((a, b) => scores[2 * b + 1]! - scores[2 * a + 1]! || a - b);
  candidates.length = Math.min(candidates.length, topK);
  const kept: number[] = [];
  for (const i of candidates) {
    if (kept.every((k) => !_suppresses(boxes, k, i, nms, containment))) kept.push(i);
  }
  return kept.map((i) => ({
    box: _squareBox(boxes, i, img.width, img.height),
    score: scores[2 * i + 1]!,
  }));
}

/** Resizes to 320×240 and lays out `(v − 127) / 128` as planar RGB. */
function _detectorInput(img: RgbImage): Float32Array {
  const rgb = _resizeRgb(img, { x: 0, y: 0, width: img.width, height: img.height }, WIDTH, HEIGHT);
  const plane = WIDTH * HEIGHT;
  const input = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    input[p] = (rgb[3 * p]! - 127) / 128;
    input[plane + p] = (rgb[3 * p + 1]! - 127) / 128;
    input[2 * plane + p] = (rgb[3 * p + 2]! - 127) / 128;
  }
  return input;
}

/** Whether kept box `k` suppresses candidate `i` (IoU or containment rule). */
function _suppresses(b: Float32Array, k: number, i: number, nms: number, inside: number): boolean {
  const ix = Math.max(0, Math.min(b[4 * i + 2]!, b[4 * k + 2]!) - Math.max(b[4 * i]!, b[4 * k]!));
  const iy = Math.max(
    0,
    Math.min(b[4 * i + 3]!, b[4 * k + 3]!) - Math.max(b[4 * i + 1]!, b[4 * k + 1]!),
  );
  const inter = ix * iy;
  const area = (j: number) => (b[4 * j + 2]! - b[4 * j]!) * (b[4 * j + 3]! - b[4 * j + 1]!);
  return inter / (area(i) + area(k) - inter) > nms || inter / area(i) > inside;
}

function _squareBox(
  b: Float32Array,
  i: number,
  width: number,
  height: number,
): [number, number, number, number] {
  const x1 = b[4 * i]! * width, y1 = b[4 * i + 1]! * height;
  const x2 = b[4 * i + 2]! * width, y2 = b[4 * i + 3]! * height;
  const side = y2 - y1;
  const cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
  return [
    Math.max(0, cx - side / 2),
    Math.max(0, cy - side / 2),
    Math.min(width - 1, cx + side / 2),
    Math.min(height - 1, cy + side / 2),
  ];
}

import type { RgbImage } from "./rgb_image.ts";
import { ARCFACE_TEMPLATE, estimateSimilarity } from "./similarity.ts";
import { warpAffine } from "./warp.ts";

/** Options for {@linkcode alignFace}. */
export interface AlignOptions {
  /** Template points in the crop, interleaved (x, y). Default {@linkcode ARCFACE_TEMPLATE}. */
  template?: Readonly<Float64Array> | Readonly<Float32Array>;
  /** Crop width and height in pixels. Default 112. */
  size?: number;
}

/**
 * Aligns a face to the ArcFace 112×112 crop: the similarity transform from the 5
 * landmarks to the template ({@linkcode estimateSimilarity}, Umeyama), then OpenCV's
 * bilinear warp with a black border ({@linkcode warpAffine}). Reproduces insightface's
 * `norm_crop(img, landmark)` (skimage estimate + `cv2.warpAffine`).
 *
 * Landmarks partly or wholly outside the image are fine: the crop shows black there.
 *
 * @param landmarks 10 values: (x, y) of left eye, right eye, nose, left and right mouth
 * corners, in source pixels.
 * @throws {TypeError} When `landmarks` does not match the template's length.
 * @throws {RangeError} When a landmark is not finite, all landmarks coincide, or the
 * fitted scale is 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { alignFace } from "./align.ts";
 * import { rgbImage } from "./rgb_image.ts";
 * import { ARCFACE_TEMPLATE } from "./similarity.ts";
 * const crop = alignFace(rgbImage(112, 112), ARCFACE_TEMPLATE.slice());
 * assert.equal(crop.width, 112);
 * assert.equal(crop.height, 112);
 * ```
 */
export function alignFace(
  img: RgbImage,
  landmarks: Float32Array | Float64Array,
  options: AlignOptions = {},
): RgbImage {
  const size = options.size ?? 112;
  const m = estimateSimilarity(landmarks, options.template ?? ARCFACE_TEMPLATE);
  return warpAffine(img, m, { width: size, height: size });
}

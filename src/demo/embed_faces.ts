/** {@linkcode embedFaces}: detect, align and embed the best face of each image. */
import { type Matrix, matrix } from "../features/mod.ts";
import type { Backbone } from "../extract/mod.ts";
import { alignFace, decodeImage, ImageError, type RgbImage, toTensor } from "../images/mod.ts";
import type { FaceLandmarker } from "../landmarks/mod.ts";

/** An image that gave no embedding, and why. */
export interface SkippedImage {
  readonly path: string;
  /** `"no face"` when the detector found none, else the decoder's reason (`"corrupt"`, …). */
  readonly reason: string;
}

/** The embedded faces of a list of images, in input order. */
export interface EmbeddedFaces {
  /** Index into the input list of each embedded image. */
  readonly index: readonly number[];
  /** Path of each embedded image. */
  readonly paths: readonly string[];
  /** The aligned 112×112 ArcFace crops, one per embedded image. */
  readonly crops: readonly RgbImage[];
  /** Raw backbone embeddings, one row per embedded image. */
  readonly embedding: Matrix;
  /** Style vectors, when the backbone has a style output. */
  readonly style?: Matrix;
  /** The images left out, in input order. */
  readonly skipped: readonly SkippedImage[];
}

/** Options for {@linkcode embedFaces}. */
export interface EmbedFacesOptions {
  /** Called after each image with (done, total). Default: none. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * For each image: decode, locate the best face and its five points
 * ({@linkcode FaceLandmarker.locate}), align it to the ArcFace crop
 * ({@linkcode alignFace}, 112×112), then embed all crops in one batch with the backbone's
 * preprocessing ({@linkcode toTensor}, {@linkcode Backbone.embed}).
 *
 * Degenerate cases: an image with no face, or one that cannot be decoded (an
 * {@linkcode ImageError}), is listed in `skipped` and left out; when every image is
 * skipped the matrices have 0 rows. Other errors (permissions, a model failure) are thrown.
 */
export async function embedFaces(
  paths: readonly string[],
  models: { landmarker: FaceLandmarker; backbone: Backbone },
  options: EmbedFacesOptions = {},
): Promise<EmbeddedFaces> {
  const { landmarker, backbone } = models;
  const index: number[] = [];
  const kept: string[] = [];
  const crops: RgbImage[] = [];
  const skipped: SkippedImage[] = [];
  for (const [i, path] of paths.entries()) {
    const face = await _locate(path, landmarker);
    if (typeof face === "string") {
      skipped.push({ path, reason: face });
    } else {
      index.push(i);
      kept.push(path);
      crops.push(alignFace(face.img, face.points5));
    }
    options.onProgress?.(i + 1, paths.length);
  }
  if (crops.length === 0) {
    return { index, paths: kept, crops, embedding: matrix(0, backbone.dim), skipped };
  }
  const { colour, scale, mean, std } = backbone.preprocess;
  const out = await backbone.embed(toTensor(crops, { colour, scale, mean, std }));
  const base = { index, paths: kept, crops, embedding: out.embedding, skipped };
  return out.style === undefined ? base : { ...base, style: out.style };
}

async function _locate(
  path: string,
  landmarker: FaceLandmarker,
): Promise<string | { img: RgbImage; points5: Float32Array }> {
  let img: RgbImage;
  try {
    img = await decodeImage(path);
  } catch (error) {
    if (error instanceof ImageError) return error.reason;
    throw error;
  }
  const face = await landmarker.locate(img);
  return face === null ? "no face" : { img, points5: face.points5 };
}

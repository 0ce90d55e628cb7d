/** {@linkcode thumbnailDataUrl}: a small PNG of a crop, as a `data:` URL for a chart. */
import { encodePng } from "./decode.ts";
import { type RgbImage, rgbImage } from "./rgb_image.ts";

/** Options for {@linkcode thumbnailDataUrl}. */
export interface ThumbnailOptions {
  /** Largest side wanted, in pixels; the image is shrunk by a whole factor to reach it. Default 56. */
  size?: number;
}

/**
 * Shrinks `img` by the smallest whole factor k that brings its larger side to at most
 * `size` (a k×k box average, the remainder rows and columns dropped), encodes it as PNG
 * and returns `data:image/png;base64,…`, ready for a Vega-Lite image mark.
 *
 * Degenerate cases: an image already within `size` is kept as is; an image smaller than
 * k pixels on a side becomes 1 pixel on that side.
 *
 * @throws {RangeError} When `size` is not a whole number ≥ 1.
 */
export async function thumbnailDataUrl(
  img: RgbImage,
  options: ThumbnailOptions = {},
): Promise<string> {
  const { size = 56 } = options;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`Cannot make a thumbnail of size ${size}: expected a whole number ≥ 1`);
  }
  const k = Math.max(1, Math.ceil(Math.max(img.width, img.height) / size));
  const png = await encodePng(k === 1 ? img : _shrink(img, k));
  let text = "";
  for (let i = 0; i < png.length; i += 0x8000) {
    text += String.fromCharCode(...png.subarray(i, i + 0x8000));
  }
  return `data:image/png;base64,${btoa(text)}`;
}

/** k×k box average. */
function _shrink(img: RgbImage, k: number): RgbImage {
  const w = Math.max(1, Math.floor(img.width / k));
  const h = Math.max(1, Math.floor(img.height / k));
  const out = rgbImage(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0, count = 0;
        for (let dy = 0; dy < k && y * k + dy < img.height; dy++) {
          for (let dx = 0; dx < k && x * k + dx < img.width; dx++) {
            sum += img.data[((y * k + dy) * img.width + x * k + dx) * 3 + c]!;
            count++;
          }
        }
        out.data[(y * w + x) * 3 + c] = Math.round(sum / count);
      }
    }
  }
  return out;
}

/** An 8-bit RGB image: `height` rows of `width` pixels, 3 interleaved bytes (R, G, B) each. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Builds an {@linkcode RgbImage}, checking that `data` holds exactly `width * height * 3`
 * bytes. Without `data`, a black image is allocated. A 0×0 image is allowed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rgbImage } from "./rgb_image.ts";
 * const img = rgbImage(2, 1, new Uint8Array([255, 0, 0, 0, 0, 255]));
 * assert.equal(img.data.length, 6);
 * ```
 */
export function rgbImage(width: number, height: number, data?: Uint8Array): RgbImage {
  if (!Number.isInteger(width) || width < 0 || !Number.isInteger(height) || height < 0) {
    throw new RangeError(
      `Cannot build an RGB image of size ${width}×${height}: expected whole numbers`,
    );
  }
  const bytes = data ?? new Uint8Array(width * height * 3);
  if (bytes.length !== width * height * 3) {
    throw new TypeError(
      `Cannot build an RGB image of size ${width}×${height} from ${bytes.length} bytes: expected ${
        width * height * 3
      }`,
    );
  }
  return { width, height, data: bytes };
}

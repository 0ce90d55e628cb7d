import type { RgbImage } from "./rgb_image.ts";

/** Channel orders a backbone may expect. */
export const COLOUR_ORDERS = ["bgr", "rgb"] as const;

/** One of {@linkcode COLOUR_ORDERS}. */
export type ColourOrder = typeof COLOUR_ORDERS[number];

/** Whether `value` is one of {@linkcode COLOUR_ORDERS}. */
export function isColourOrder(value: unknown): value is ColourOrder {
  return (COLOUR_ORDERS as readonly unknown[]).includes(value);
}

/**
 * How crops become backbone input: `((x / scale) − mean[c]) / std[c]` per channel `c` of
 * the output order. The defaults are AdaFace / CAFace's: BGR, `(x/255 − 0.5)/0.5`.
 * MobileFaceNet's `(x − 127)/128` is `{ scale: 1, mean: [127, 127, 127], std: [128, 128, 128] }`.
 */
export interface TensorOptions {
  /** Channel order of the output planes. Default `"bgr"`. */
  colour?: ColourOrder;
  /** Per-channel mean, in output channel order and `x / scale` units. Default 0.5 each. */
  mean?: readonly [number, number, number];
  /** Per-channel standard deviation, like `mean`. Default 0.5 each. */
  std?: readonly [number, number, number];
  /** Divisor applied to the 0–255 pixel first. Default 255. */
  scale?: number;
}

/**
 * Packs same-sized RGB crops into one NCHW float32 batch, reordering channels and
 * normalising as {@linkcode TensorOptions} says. Each value is computed in float64 and
 * rounded once to float32. An empty list gives an empty array.
 *
 * @throws {TypeError} When the crops differ in size.
 * @throws {RangeError} When `scale` or a `std` entry is 0 or not finite, or a `mean`
 * entry is not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rgbImage } from "./rgb_image.ts";
 * import { toTensor } from "./to_tensor.ts";
 * const t = toTensor([rgbImage(1, 1, new Uint8Array([255, 0, 0]))]);
 * assert.equal(t[0], -1); // B plane first, then G, then R
 * assert.equal(t[2], 1);
 * ```
 */
export function toTensor(crops: readonly RgbImage[], options: TensorOptions = {}): Float32Array {
  const colour = options.colour ?? "bgr";
  const mean = options.mean ?? [0.5, 0.5, 0.5];
  const std = options.std ?? [0.5, 0.5, 0.5];
  const scale = options.scale ?? 255;
  if (
    !(Number.isFinite(scale) && scale !== 0) || std.some((s) => !(Number.isFinite(s) && s !== 0))
  ) {
    throw new RangeError(
      `Cannot normalise crops with scale ${scale} and std [${
        std.join(", ")
      }]: expected finite non-zero values`,
    );
  }
  if (mean.some((v) => !Number.isFinite(v))) {
    throw new RangeError(
      `Cannot normalise crops with mean [${mean.join(", ")}]: expected finite values`,
    );
  }
  const first = crops[0];
  if (first === undefined) return new Float32Array(0);
  const { width, height } = first;
  const plane = width * height;
  const out = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    if (crop.width !== width || crop.height !== height) {
      throw new TypeError(
        `Cannot batch crop ${n} of size ${crop.width}×${crop.height}: expected ${width}×${height} like crop 0`,
      );
    }
    for (let c = 0; c < 3; c++) {
      const from = colour === "bgr" ? 2 - c : c;
      const mu = mean[c]!, sigma = std[c]!;
      const base = (n * 3 + c) * plane;
      for (let p = 0; p < plane; p++) {
        out[base + p] = (crop.data[3 * p + from]! / scale - mu) / sigma;
      }
    }
  });
  return out;
}

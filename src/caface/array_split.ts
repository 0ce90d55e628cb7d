/**
 * How CAFace splits a template into chunks (docs/fusion.md#chunks).
 */

import { CHUNK_WHOLE } from "../core/mod.ts";

export { CHUNK_WHOLE, DEFAULT_CHUNK } from "../core/mod.ts";

/**
 * The part sizes for `total` images and chunk size `chunk`, reproducing
 * `np.array_split(np.arange(total), ceil(total / chunk))`: when `total > chunk`, the
 * images are cut into `k = ceil(total / chunk)` consecutive parts whose sizes differ by at
 * most one, the first `total mod k` parts being one longer.
 *
 * Every chunk size follows this rule, 9999 included (20,000 images at 9999 give three
 * parts), as the official CAFace code does.
 *
 * Degenerate cases: `total = 0` gives no parts; `total ≤ chunk` and `chunk =`
 * {@linkcode CHUNK_WHOLE} give one part of `total`. Throws a RangeError when `chunk` is
 * neither {@linkcode CHUNK_WHOLE} nor a whole number ≥ 1, or `total` is not a whole
 * number ≥ 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arraySplitSizes, CHUNK_WHOLE } from "./array_split.ts";
 * assert.deepEqual(arraySplitSizes(17, 8), [6, 6, 5]);
 * assert.deepEqual(arraySplitSizes(20000, 9999), [6667, 6667, 6666]);
 * assert.deepEqual(arraySplitSizes(20000, CHUNK_WHOLE), [20000]);
 * ```
 */
export function arraySplitSizes(total: number, chunk: number): number[] {
  if (!Number.isInteger(chunk) || (chunk < 1 && chunk !== CHUNK_WHOLE)) {
    throw new RangeError(
      `Cannot split with chunk size ${chunk}: expected a whole number ≥ 1 or ${CHUNK_WHOLE} (whole)`,
    );
  }
  if (!Number.isInteger(total) || total < 0) {
    throw new RangeError(`Cannot split ${total} images: expected a whole number ≥ 0`);
  }
  if (total === 0) return [];
  if (chunk === CHUNK_WHOLE || total <= chunk) return [total];
  const parts = Math.ceil(total / chunk);
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

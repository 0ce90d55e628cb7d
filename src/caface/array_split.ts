/**
 * How CAFace splits a template into chunks (CAFACE.md §3).
 */

/**
 * The chunk size that means "the whole template, never split", as in CAFace's evaluation
 * scripts. Use this name rather than a bare 9999.
 */
export const WHOLE_TEMPLATE = 9999;

/**
 * The part sizes for `total` images and chunk size `chunk`, reproducing
 * `np.array_split(np.arange(total), ceil(total / chunk))`: when `total > chunk`, the
 * images are cut into `k = ceil(total / chunk)` consecutive parts whose sizes differ by at
 * most one, the first `total mod k` parts being one longer.
 *
 * Degenerate cases: `total = 0` gives no parts; `total ≤ chunk` and `chunk = 9999`
 * ({@linkcode WHOLE_TEMPLATE}) give one part of `total`. Throws a RangeError when `chunk` is not
 * a whole number ≥ 1 or `total` is not a whole number ≥ 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arraySplitSizes } from "./array_split.ts";
 * assert.deepEqual(arraySplitSizes(17, 8), [6, 6, 5]);
 * ```
 */
export function arraySplitSizes(total: number, chunk: number): number[] {
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new RangeError(`Cannot split with chunk size ${chunk}: expected a whole number ≥ 1`);
  }
  if (!Number.isInteger(total) || total < 0) {
    throw new RangeError(`Cannot split ${total} images: expected a whole number ≥ 0`);
  }
  if (total === 0) return [];
  if (chunk === WHOLE_TEMPLATE || total <= chunk) return [total];
  const parts = Math.ceil(total / chunk);
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

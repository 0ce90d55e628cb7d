/**
 * The dtypes the feature readers accept: little-endian float32, float16 and float64 (what
 * `np.save` writes for a default numpy array). Values are always returned as float32.
 */
export const NPY_DTYPES = ["<f4", "<f2", "<f8"] as const;

/** Bytes per value of each {@linkcode NPY_DTYPES} entry. */
export const NPY_ITEM_SIZES: Readonly<Record<NpyDtype, number>> = { "<f4": 4, "<f2": 2, "<f8": 8 };

/** One of {@linkcode NPY_DTYPES}. */
export type NpyDtype = typeof NPY_DTYPES[number];

/**
 * Whether `value` is one of {@linkcode NPY_DTYPES}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isNpyDtype } from "./npy_dtype.ts";
 * assert.ok(isNpyDtype("<f8"));
 * assert.ok(!isNpyDtype("<i4"));
 * ```
 */
export function isNpyDtype(value: string): value is NpyDtype {
  return (NPY_DTYPES as readonly string[]).includes(value);
}

/** The dtypes the feature readers accept: little-endian float32 and float16. */
export const NPY_DTYPES = ["<f4", "<f2"] as const;

/** One of {@linkcode NPY_DTYPES}. */
export type NpyDtype = typeof NPY_DTYPES[number];

/**
 * Whether `value` is one of {@linkcode NPY_DTYPES}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isNpyDtype } from "./npy_dtype.ts";
 * assert.ok(isNpyDtype("<f2"));
 * assert.ok(!isNpyDtype("<f8"));
 * ```
 */
export function isNpyDtype(value: string): value is NpyDtype {
  return (NPY_DTYPES as readonly string[]).includes(value);
}

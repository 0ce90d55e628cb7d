/** A row-major float32 matrix: `rows` vectors of `dim` values each. */
export interface Matrix {
  readonly rows: number;
  readonly dim: number;
  readonly data: Float32Array;
}

/**
 * Builds a {@linkcode Matrix}, checking that the data holds exactly `rows * dim` values.
 * Without `data`, a zero-filled matrix is allocated.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matrix } from "./matrix.ts";
 * const m = matrix(2, 3);
 * assert.equal(m.data.length, 6);
 * ```
 */
export function matrix(rows: number, dim: number, data?: Float32Array): Matrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(dim) || dim < 0) {
    throw new RangeError(
      `Cannot build a matrix of shape [${rows}, ${dim}]: expected whole numbers`,
    );
  }
  const values = data ?? new Float32Array(rows * dim);
  if (values.length !== rows * dim) {
    throw new TypeError(
      `Cannot build a matrix of shape [${rows}, ${dim}] from ${values.length} values: expected ${
        rows * dim
      }`,
    );
  }
  return { rows, dim, data: values };
}

/** Returns row `i` of `m` as a view that shares its memory. */
export function row(m: Matrix, i: number): Float32Array {
  return m.data.subarray(i * m.dim, (i + 1) * m.dim);
}

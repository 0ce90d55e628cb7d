import type { Matrix } from "../core/mod.ts";
import { atomicWriteFile } from "./atomic_write.ts";
import { _formatNpyHeader } from "./_npy_header.ts";

/**
 * Writes float32 values as a NumPy .npy file (format 1.0, `'<f4'`, C order), with the same
 * header bytes as numpy 1.24's `np.save`, padded so the data starts on a 64-byte boundary.
 * The file is written atomically (see {@linkcode atomicWriteFile}). A Matrix is written
 * with shape `[rows, dim]`; any shape works, including `[]` (one value) and zero lengths.
 *
 * @throws {TypeError} when the shape does not hold exactly `data.length` values.
 * @throws {RangeError} for a shape entry that is not a whole number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeNpy } from "./write_npy.ts";
 * const dir = await Deno.makeTempDir();
 * await writeNpy(`${dir}/a.npy`, { shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) });
 * assert.equal((await Deno.stat(`${dir}/a.npy`)).size, 128 + 16);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeNpy(
  path: string,
  m: Matrix | { readonly shape: readonly number[]; readonly data: Float32Array },
): Promise<void> {
  const shape = "shape" in m ? m.shape : [m.rows, m.dim];
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new RangeError(
      `Cannot write ${path} with shape [${shape.join(", ")}]: expected whole numbers`,
    );
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== m.data.length) {
    throw new TypeError(
      `Cannot write ${path} with shape [${
        shape.join(", ")
      }] from ${m.data.length} values: expected ${count}`,
    );
  }
  const data = new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength);
  await atomicWriteFile(path, [_formatNpyHeader(shape), data]);
}

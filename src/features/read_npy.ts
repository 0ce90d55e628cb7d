import { type Matrix, matrix } from "../core/mod.ts";
import { openNpy } from "./open_npy.ts";

/**
 * Reads a whole 2-D `'<f4'`, `'<f2'` or `'<f8'` .npy file into a float32 {@linkcode Matrix}. For
 * files too large for memory, stream them with {@linkcode openNpy} instead. Throws as
 * `openNpy` does.
 *
 * @example
 * ```ts ignore
 * const features = await readNpy("fixtures/protocol/f4.npy");
 * console.log(features.rows, features.dim);
 * ```
 */
export async function readNpy(path: string): Promise<Matrix> {
  using reader = await openNpy(path);
  return matrix(reader.rows, reader.dim, await reader.readRows(0, reader.rows));
}

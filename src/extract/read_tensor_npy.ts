import { parseNpyHeader } from "../features/mod.ts";

/**
 * Reads a little-endian float32 (`'<f4'`), C-order .npy file of any rank (format 1.0, 2.0 or
 * 3.0), such as a backbone input `[N,3,H,W]`. For 2-D feature files too large for memory
 * use `openNpy` from src/features, which streams.
 *
 * @throws {SyntaxError} For a bad magic, version or header.
 * @throws {TypeError} For another dtype or Fortran order (naming the field).
 * @throws {RangeError} When the file holds fewer data bytes than the shape needs.
 *
 * @example
 * ```ts ignore
 * const { shape, data } = await readTensorNpy("crops.npy"); // shape [N, 3, 112, 112]
 * ```
 */
export async function readTensorNpy(
  path: string,
): Promise<{ shape: number[]; data: Float32Array }> {
  const bytes = await Deno.readFile(path);
  const name = path.slice(path.lastIndexOf("/") + 1);
  const header = parseNpyHeader(bytes, name);
  if ("needed" in header) throw new SyntaxError(`Cannot read ${name} as its header is cut short`);
  if (header.descr !== "<f4") {
    throw new TypeError(
      `Cannot read ${name} as its field descr is '${header.descr}': expected '<f4'`,
    );
  }
  const shape = [...header.shape];
  const offset = header.offset;
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - offset < count * 4) {
    throw new RangeError(
      `Cannot read ${name} as it holds ${bytes.length - offset} data bytes: expected ${
        count * 4
      } for shape [${shape.join(", ")}]`,
    );
  }
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(bytes.subarray(offset, offset + count * 4));
  return { shape, data };
}

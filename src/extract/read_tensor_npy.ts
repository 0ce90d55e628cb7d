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
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) {
    throw new SyntaxError(
      `Cannot read ${name} as it does not start with the NumPy magic "\\x93NUMPY"`,
    );
  }
  const major = bytes[6]!;
  if (major < 1 || major > 3 || bytes[7] !== 0) {
    throw new SyntaxError(
      `Cannot read ${name} as its format version is ${major}.${bytes[7]}: expected 1.0, 2.0 or 3.0`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = major === 1 ? 10 : 12;
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const header = new TextDecoder("latin1").decode(bytes.subarray(start, start + length));
  const descr = /['"]descr['"]\s*:\s*'([^']*)'/.exec(header)?.[1];
  if (descr !== "<f4") {
    throw new TypeError(`Cannot read ${name} as its field descr is '${descr}': expected '<f4'`);
  }
  if (/['"]fortran_order['"]\s*:\s*True/.test(header)) {
    throw new TypeError(`Cannot read ${name} as its field fortran_order is True: expected False`);
  }
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  const parts = (shapeText ?? "x").split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (shapeText === undefined || parts.some((s) => !/^\d+$/.test(s))) {
    throw new SyntaxError(
      `Cannot read ${name} as its header has no valid field shape: ${header.trim()}`,
    );
  }
  const shape = parts.map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + length;
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

import { atomicWriteFile, parseNpyHeader } from "../features/mod.ts";

/** The typed arrays that saved scores use, and their NumPy dtypes. */
export type TypedValues = Float32Array | Int32Array | Uint8Array;

const _DTYPES = { "<f4": Float32Array, "<i4": Int32Array, "|u1": Uint8Array } as const;

function _descr(values: TypedValues): keyof typeof _DTYPES {
  return values instanceof Float32Array ? "<f4" : values instanceof Int32Array ? "<i4" : "|u1";
}

/**
 * Writes a float32, int32 or uint8 array as a C-order `.npy` file (format 1.0, header padded
 * to 64 bytes as numpy does), atomically. Little-endian machines only, as the harness.
 *
 * @throws {TypeError} When the shape does not hold `values.length` values.
 */
export async function writeTypedNpy(
  path: string,
  values: TypedValues,
  shape: readonly number[] = [values.length],
): Promise<void> {
  if (shape.reduce((a, b) => a * b, 1) !== values.length) {
    throw new TypeError(`Cannot write ${path} with shape [${shape}] from ${values.length} values`);
  }
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${_descr(values)}', 'fortran_order': False, 'shape': ${dims}, }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(head.buffer).setUint16(8, header.length, true);
  head.set(new TextEncoder().encode(header), 10);
  await atomicWriteFile(path, [
    head,
    new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  ]);
}

/**
 * Reads a `.npy` file written by {@linkcode writeTypedNpy} (or numpy) with dtype `<f4`,
 * `<i4` or `|u1` in C order.
 *
 * @throws {SyntaxError} When the file is not a .npy file or its header cannot be read.
 * @throws {TypeError} When the dtype is not one of the three or the data is truncated.
 */
export async function readTypedNpy(
  path: string,
): Promise<{ values: TypedValues; shape: number[] }> {
  const bytes = await Deno.readFile(path);
  const header = parseNpyHeader(bytes, path);
  if ("needed" in header) {
    throw new SyntaxError(`Cannot read ${path} as its header is cut short`);
  }
  const { descr, offset } = header;
  const shape = [...header.shape];
  if (!(descr in _DTYPES)) {
    throw new TypeError(
      `Cannot read ${path} as its dtype is '${descr}': expected '<f4', '<i4' or '|u1'`,
    );
  }
  const Type = _DTYPES[descr as keyof typeof _DTYPES];
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - offset < count * Type.BYTES_PER_ELEMENT) {
    throw new TypeError(
      `Cannot read ${path}: it holds fewer than the ${count} values its header says`,
    );
  }
  const data = bytes.slice(offset, offset + count * Type.BYTES_PER_ELEMENT);
  return { values: new Type(data.buffer, 0, count), shape };
}

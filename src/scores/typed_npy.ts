import { atomicWriteFile } from "../features/mod.ts";

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
  if (
    bytes.length < 10 || bytes[0] !== 0x93 ||
    String.fromCharCode(...bytes.subarray(1, 6)) !== "NUMPY"
  ) {
    throw new SyntaxError(`Cannot read ${path} as it does not start with the NumPy magic`);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = major === 1 ? 10 : 12;
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const header = new TextDecoder("latin1").decode(bytes.subarray(start, start + length));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || shapeText === undefined || /'fortran_order':\s*True/.test(header)) {
    throw new SyntaxError(`Cannot read the header of ${path}: ${header.trim()}`);
  }
  if (!(descr in _DTYPES)) {
    throw new TypeError(
      `Cannot read ${path} as its dtype is '${descr}': expected '<f4', '<i4' or '|u1'`,
    );
  }
  const Type = _DTYPES[descr as keyof typeof _DTYPES];
  const shape = shapeText.split(",").map((x) => x.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + length;
  if (bytes.length - offset < count * Type.BYTES_PER_ELEMENT) {
    throw new TypeError(
      `Cannot read ${path}: it holds fewer than the ${count} values its header says`,
    );
  }
  const data = bytes.slice(offset, offset + count * Type.BYTES_PER_ELEMENT);
  return { values: new Type(data.buffer, 0, count), shape };
}

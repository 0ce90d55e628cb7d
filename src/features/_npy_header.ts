import { isNpyDtype, NPY_DTYPES, NPY_ITEM_SIZES, type NpyDtype } from "./npy_dtype.ts";

/** What a .npy header says. */
export interface _NpyHeader {
  readonly dtype: NpyDtype;
  readonly rows: number;
  readonly dim: number;
  /** Byte offset of the data. */
  readonly offset: number;
  /** Bytes per value. */
  readonly itemSize: number;
}

const _MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] as const;

/** Bytes needed to know the header length: magic, version, and the v2/v3 length field. */
export const _PREFIX_BYTES = 12;

/** The fields of any .npy header: dtype, shape (any rank), where the data starts. */
export interface NpyHeaderFields {
  readonly descr: string;
  readonly shape: readonly number[];
  /** Byte offset of the data. */
  readonly offset: number;
}

/**
 * Parses the header of any .npy file (format 1.0, 2.0 or 3.0, C order, any dtype and rank):
 * the one header parser of the project. `bytes` must hold at least the whole header (a
 * prefix of the file); `file` names the file in errors. Returns `{ needed }` when `bytes`
 * is too short, so the caller can read more.
 *
 * @throws {SyntaxError} For a bad magic, version or field.
 * @throws {TypeError} For Fortran order.
 */
export function parseNpyHeader(
  bytes: Uint8Array,
  file: string,
): NpyHeaderFields | { needed: number } {
  if (bytes.length < 10 || _MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new SyntaxError(
      `Cannot read ${file} as it does not start with the NumPy magic "\\x93NUMPY"`,
    );
  }
  const major = bytes[6] as number;
  const minor = bytes[7] as number;
  if (major < 1 || major > 3 || minor !== 0) {
    throw new SyntaxError(
      `Cannot read ${file} as its format version is ${major}.${minor}: expected 1.0, 2.0 or 3.0`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start) return { needed: start };
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (bytes.length < start + length) return { needed: start + length };
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1")
    .decode(bytes.subarray(start, start + length));
  const descr = _field(text, "descr", /^'([^']*)'/, file)[1] as string;
  const fortran = _field(text, "fortran_order", /^(True|False)\b/, file)[1];
  if (fortran === "True") {
    throw new TypeError(
      `Cannot read ${file} as its field fortran_order is True: expected False (C order)`,
    );
  }
  const shapeText = _field(text, "shape", /^\(([^)]*)\)/, file)[1] as string;
  const parts = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (parts.some((s) => !/^\d+$/.test(s))) {
    throw new SyntaxError(
      `Cannot read ${file} as its field shape is (${shapeText}): expected whole numbers`,
    );
  }
  return { descr, shape: parts.map(Number), offset: start + length };
}

/**
 * Parses the header of a 2-D float feature file ('<f4', '<f2' or '<f8', C order); see
 * {@linkcode parseNpyHeader}.
 */
export function _parseNpyHeader(
  bytes: Uint8Array,
  file: string,
): _NpyHeader | { needed: number } {
  const fields = parseNpyHeader(bytes, file);
  if ("needed" in fields) return fields;
  const { descr, shape } = fields;
  if (!isNpyDtype(descr)) {
    throw new TypeError(
      `Cannot read ${file} as its field descr is '${descr}': expected ${
        NPY_DTYPES.map((d) => `'${d}'`).join(", ")
      }`,
    );
  }
  if (shape.length !== 2) {
    throw new TypeError(
      `Cannot read ${file} as its field shape is (${shape.join(", ")}${
        shape.length === 1 ? "," : ""
      }): expected 2 dimensions`,
    );
  }
  return {
    dtype: descr,
    rows: shape[0]!,
    dim: shape[1]!,
    offset: fields.offset,
    itemSize: NPY_ITEM_SIZES[descr],
  };
}

function _field(text: string, key: string, value: RegExp, file: string): RegExpExecArray {
  const at = text.search(new RegExp(`['"]${key}['"]\\s*:\\s*`));
  const rest = at < 0 ? "" : text.slice(at).replace(/^['"]\w+['"]\s*:\s*/, "");
  const match = at < 0 ? null : value.exec(rest);
  if (match === null) {
    throw new SyntaxError(
      `Cannot read ${file} as its header has no valid field ${key}: ${text.trim()}`,
    );
  }
  return match;
}

/**
 * Formats a v1.0 '<f4' C-order header byte for byte as numpy 1.24's `np.save` does,
 * including its spare spaces for growing the first axis, padded to 64 bytes.
 */
export function _formatNpyHeader(shape: readonly number[]): Uint8Array {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${tuple}, }`;
  if (shape.length > 0) header += " ".repeat(21 - String(shape[0]).length);
  const hlen = header.length + 1;
  const pad = 64 - ((6 + 2 + 2 + hlen) % 64);
  const total = hlen + pad;
  if (total > 0xffff) {
    throw new RangeError(`Cannot write a .npy header of ${total} bytes: expected at most 65535`);
  }
  const out = new Uint8Array(10 + total);
  out.set(_MAGIC);
  out[6] = 1;
  out[7] = 0;
  out[8] = total & 0xff;
  out[9] = total >> 8;
  out.set(new TextEncoder().encode(header + " ".repeat(pad) + "\n"), 10);
  return out;
}

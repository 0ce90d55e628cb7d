import { _halfToFloat } from "./_half.ts";
import { type _NpyHeader, _parseNpyHeader, _PREFIX_BYTES } from "./_npy_header.ts";
import { readFull } from "./read_full.ts";
import type { NpyDtype } from "./npy_dtype.ts";

/** A 2-D .npy file open for reading blocks of rows; see {@linkcode openNpy}. */
export interface NpyReader extends Disposable {
  readonly rows: number;
  readonly dim: number;
  /** The stored dtype; values are always returned as float32. */
  readonly dtype: NpyDtype;
  /**
   * Reads rows `start .. start + count` as a new row-major Float32Array of `count * dim`
   * values. Concurrent calls are served one after another. `count` 0 gives an empty array.
   *
   * @throws {RangeError} when the rows are out of range or the file has shrunk.
   */
  readRows(start: number, count: number): Promise<Float32Array>;
  /** Reads the same rows into `out` (at least `count * dim` long), for reused buffers. */
  readRowsInto(start: number, count: number, out: Float32Array): Promise<void>;
  /** Closes the file; idempotent. */
  close(): void;
}

/**
 * Opens a NumPy .npy file (format 1.0, 2.0 or 3.0) holding a 2-D C-order array of
 * little-endian float32 (`'<f4'`), float16 (`'<f2'`) or float64 (`'<f8'`) for streaming by
 * row blocks, so feature files larger than memory (IJB-C: 469,375 × 512 float32, 961 MB)
 * are never loaded whole. float16 is widened exactly (subnormals, ±Infinity, NaN); float64
 * is rounded to the nearest float32 as numpy's `astype(np.float32)` does (ties to even,
 * beyond the float32 range ±Infinity, NaN kept). Assumes a little-endian host, as Deno's
 * platforms are.
 *
 * @throws {Error} Deno.errors.NotFound when the file is missing.
 * @throws {SyntaxError} for a bad magic, an unknown format version or an unparsable header.
 * @throws {TypeError} for another dtype (field `descr`), Fortran order, or a shape that is
 * not 2-D, naming the file and the field.
 * @throws {RangeError} when the file holds fewer data bytes than its header says.
 *
 * @example
 * ```ts ignore
 * using reader = await openNpy("features/ijbc.npy");
 * const block = await reader.readRows(0, 1024); // 1024 * reader.dim values
 * ```
 */
export async function openNpy(path: string): Promise<NpyReader> {
  const file = await Deno.open(path, { read: true });
  try {
    const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
    const size = (await file.stat()).size;
    let prefix = await _readAt(file, 0, Math.min(size, _PREFIX_BYTES));
    let header = _parseNpyHeader(prefix, name);
    if ("needed" in header) {
      if (header.needed > size) {
        throw new SyntaxError(
          `Cannot read ${name} as its header is truncated: it needs ${header.needed} bytes and the file has ${size}`,
        );
      }
      prefix = await _readAt(file, 0, header.needed);
      header = _parseNpyHeader(prefix, name);
      if ("needed" in header) throw new SyntaxError(`Cannot read ${name} as its header is invalid`);
    }
    const needed = header.rows * header.dim * header.itemSize;
    if (size - header.offset < needed) {
      throw new RangeError(
        `Cannot read ${name} as it is truncated: shape (${header.rows}, ${header.dim}) of '${header.dtype}' needs ${needed} data bytes and it holds ${
          size - header.offset
        }`,
      );
    }
    return new _NpyFile(file, name, header);
  } catch (error) {
    file.close();
    throw error;
  }
}

class _NpyFile implements NpyReader {
  readonly rows: number;
  readonly dim: number;
  readonly dtype: NpyDtype;
  #file: Deno.FsFile;
  #name: string;
  #header: _NpyHeader;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** float16 bytes of the last read, reused: reads are serialised, and a 2M-row stream
   * would otherwise allocate (and collect) 2 GB of scratch buffers. */
  #half = new Uint16Array(0);

  constructor(file: Deno.FsFile, name: string, header: _NpyHeader) {
    this.rows = header.rows;
    this.dim = header.dim;
    this.dtype = header.dtype;
    this.#file = file;
    this.#name = name;
    this.#header = header;
  }

  readRows(start: number, count: number): Promise<Float32Array> {
    const out = new Float32Array(Math.max(0, count) * this.dim);
    return this.readRowsInto(start, count, out).then(() => out);
  }

  readRowsInto(start: number, count: number, out: Float32Array): Promise<void> {
    if (
      !Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 ||
      start + count > this.rows
    ) {
      return Promise.reject(
        new RangeError(
          `Cannot read rows ${start} to ${
            start + count
          } of ${this.#name} as it has ${this.rows} rows`,
        ),
      );
    }
    if (out.length < count * this.dim) {
      return Promise.reject(
        new RangeError(
          `Cannot read ${count} rows of ${this.#name} into ${out.length} floats: expected ${
            count * this.dim
          }`,
        ),
      );
    }
    const next = this.#queue.then(() => this.#read(start, count, out));
    this.#queue = next.catch(() => {});
    return next;
  }

  async #read(start: number, count: number, into: Float32Array): Promise<void> {
    const { dim, itemSize, offset } = this.#header;
    const out = into.subarray(0, count * dim);
    if (out.length === 0) return;
    const at = offset + start * dim * itemSize;
    if (itemSize === 4) {
      await this.#fill(at, new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
    } else if (itemSize === 8) {
      const double = new Float64Array(count * dim);
      await this.#fill(at, new Uint8Array(double.buffer));
      out.set(double);
    } else {
      if (this.#half.length < count * dim) this.#half = new Uint16Array(count * dim);
      const half = this.#half.subarray(0, count * dim);
      await this.#fill(at, new Uint8Array(half.buffer, 0, half.byteLength));
      _halfToFloat(half, out);
    }
  }

  async #fill(at: number, into: Uint8Array): Promise<void> {
    await this.#file.seek(at, Deno.SeekMode.Start);
    const got = await readFull(this.#file, into);
    if (got < into.length) {
      throw new RangeError(
        `Cannot read ${this.#name} at byte ${at + got} as the file ends there: expected ${
          into.length - got
        } more bytes`,
      );
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#file.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

async function _readAt(file: Deno.FsFile, at: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  await file.seek(at, Deno.SeekMode.Start);
  const got = await readFull(file, out);
  return out.subarray(0, got);
}

/**
 * Reads scattered rows of a {@linkcode RowSource} with few calls: row indices are sorted,
 * nearby ones are read as one block, and each row is copied to its place.
 */
import type { RowSource } from "../core/mod.ts";

/** Options for {@linkcode gatherRows}. */
export interface GatherOptions {
  /** Largest gap of unwanted rows read through to join two blocks. Default 64. */
  maxGap?: number;
  /** Largest block read at once, in rows. Default 4096. */
  maxBlock?: number;
  /** Name of the source in error messages. Default `"rows"`. */
  name?: string;
  /** Write into this buffer (at least `rows.length × dim` long) instead of a new one. */
  into?: Float32Array;
}

/**
 * Returns `rows.length × source.dim` values: row `i` of the result is row `rows[i]` of the
 * source. Rows may repeat and come in any order. Memory: the result plus one block of at
 * most `maxBlock` rows. Throws a RangeError for a row index outside the source.
 */
export async function gatherRows(
  source: RowSource,
  rows: Uint32Array,
  options: GatherOptions = {},
): Promise<Float32Array> {
  const maxGap = options.maxGap ?? 64;
  const maxBlock = options.maxBlock ?? 4096;
  const dim = source.dim;
  const size = rows.length * dim;
  if (options.into && options.into.length < size) {
    throw new RangeError(`Cannot gather ${rows.length} rows into ${options.into.length} floats`);
  }
  const out = options.into ? options.into.subarray(0, size) : new Float32Array(size);
  // Sort positions by row: pack (row, position) into one float64 key for a fast numeric sort.
  const keys = new Float64Array(rows.length);
  const shift = 2 ** Math.ceil(Math.log2(rows.length + 1)); // exact while row · shift < 2^53
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r >= source.rows) {
      throw new RangeError(
        `Cannot read row ${r} of ${options.name ?? "rows"}: it has ${source.rows} rows`,
      );
    }
    keys[i] = r * shift + i;
  }
  keys.sort();
  let i = 0;
  while (i < keys.length) {
    const first = Math.floor(keys[i]! / shift);
    let last = first;
    let j = i;
    while (j + 1 < keys.length) {
      const next = Math.floor(keys[j + 1]! / shift);
      if (next - last > maxGap || next - first >= maxBlock) break;
      last = next;
      j++;
    }
    const block = await source.readRows(first, last - first + 1);
    for (let k = i; k <= j; k++) {
      const key = keys[k]!;
      const r = Math.floor(key / shift) - first;
      const position = key - (r + first) * shift;
      out.set(block.subarray(r * dim, (r + 1) * dim), position * dim);
    }
    i = j + 1;
  }
  return out;
}

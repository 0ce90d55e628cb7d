import type { FusionInput, OnProgress } from "./types.ts";
import type { Templates } from "../protocol/mod.ts";

/**
 * Rows read per block while streaming features. Small blocks (4 MB at 512-D) are reused by
 * the allocator; 16,384-row blocks cost 4× the CPU in page faults on a 2M-row IJB-S file.
 */
export const BLOCK_ROWS = 2048;

/**
 * Maps each image row to its template index (−1 for rows in no template). A row may belong
 * to several templates (IJB-S: a booking image is also a single-image gallery template):
 * `owner` holds the first, `more` the others.
 */
export function rowTemplates(
  templates: Templates,
  rows: number,
): { owner: Int32Array; more: Map<number, number[]> } {
  const owner = new Int32Array(rows).fill(-1);
  const more = new Map<number, number[]>();
  for (let t = 0; t + 1 < templates.offsets.length; t++) {
    for (let k = templates.offsets[t]!; k < templates.offsets[t + 1]!; k++) {
      const row = templates.rows[k]!;
      if (owner[row] === -1) owner[row] = t;
      else {
        const list = more.get(row);
        if (list) list.push(t);
        else more.set(row, [t]);
      }
    }
  }
  return { owner, more };
}

/** True when any of the `dim` values at `offset` is NaN or infinite (their sum then is). */
export function hasNonFinite(data: Float32Array, offset: number, dim: number): boolean {
  let sum = 0;
  for (let j = 0; j < dim; j++) sum += data[offset + j]!;
  return !Number.isFinite(sum);
}

/**
 * Streams the feature rows once and calls `visit(row, data, offset)` for every finite row
 * that belongs to a template, once per template holding it. Returns the number of rows
 * skipped for NaN/Inf (each counted once).
 */
export async function forEachFiniteRow(
  input: FusionInput,
  visit: (row: number, template: number, data: Float32Array, offset: number) => void,
  onProgress?: OnProgress,
): Promise<number> {
  const { features } = input;
  const { owner, more } = rowTemplates(input.templates, features.rows);
  let dropped = 0;
  // Read the next block while this one is summed, so file I/O overlaps the arithmetic. A
  // source that reads into a buffer gets two, used in turn: no fresh block per read.
  const spare = features.readRowsInto
    ? [0, 1].map(() => new Float32Array(BLOCK_ROWS * features.dim))
    : [];
  const read = async (start: number, turn: number) => {
    if (start >= features.rows) return undefined;
    const count = Math.min(BLOCK_ROWS, features.rows - start);
    if (!features.readRowsInto) return await features.readRows(start, count);
    const block = spare[turn]!.subarray(0, count * features.dim);
    await features.readRowsInto(start, count, block);
    return block;
  };
  onProgress?.(0, features.rows);
  let pending = read(0, 0);
  for (let start = 0, turn = 0; start < features.rows; start += BLOCK_ROWS, turn ^= 1) {
    const block = (await pending)!;
    pending = read(start + BLOCK_ROWS, turn ^ 1);
    const count = block.length / features.dim;
    for (let i = 0; i < count; i++) {
      const row = start + i;
      const template = owner[row]!;
      if (template < 0) continue;
      const offset = i * features.dim;
      if (hasNonFinite(block, offset, features.dim)) {
        dropped++;
        continue;
      }
      visit(row, template, block, offset);
      if (more.size > 0) { for (const t of more.get(row) ?? []) visit(row, t, block, offset); }
    }
    onProgress?.(start + count, features.rows);
  }
  return dropped;
}

/**
 * Turns float64 template sums into L2-normalised float32 rows: `x / (‖x‖ + eps)`.
 * With eps 0 a zero vector stays zero. Returns the number of all-zero (empty) rows.
 */
export function normaliseRows(sums: Float64Array, dim: number, eps: number, out: Float32Array) {
  let empty = 0;
  for (let t = 0; t * dim < sums.length; t++) {
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += sums[t * dim + j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) {
      empty++;
      continue;
    }
    const scale = 1 / (norm + eps);
    for (let j = 0; j < dim; j++) out[t * dim + j] = sums[t * dim + j]! * scale;
  }
  return empty;
}

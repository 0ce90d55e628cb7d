import { type Matrix, matrix } from "../features/matrix.ts";
import type { PairList } from "../protocol/types.ts";
import type { OnProgress } from "../fusion/types.ts";
import { Similarity } from "./similarity.ts";
import { TemplateIndex } from "./template_index.ts";

/** Options of {@linkcode pairScores}. */
export interface PairScoreOptions {
  /** Reuse an existing Gemm session (default: one is created and released). */
  similarity?: Similarity;
  /** Most floats held by one block of the score matrix. Default 16M (64 MB). */
  blockFloats?: number;
  onProgress?: OnProgress;
}

/**
 * The verification score of every pair: the dot product of the two L2-normalised template
 * vectors (PROTOCOLS.md §4), as float32 in pair order.
 *
 * IJB pairs are nearly dense between a "left" set (the `t1` templates) and a "right" set
 * (`t2`), so instead of 8M separate dot loops this computes blocks of the left × right
 * score matrix with one Gemm each and gathers the pairs from it. A Gemm runs about 30×
 * faster per dot product than a TypeScript loop, so only when the pairs are sparse (left ×
 * right more than 16× the pair count) does it fall back to per-pair dot products.
 */
export async function pairScores(
  templates: { ids: Int32Array; features: Matrix },
  pairs: PairList,
  options: PairScoreOptions = {},
): Promise<Float32Array> {
  const index = new TemplateIndex(templates.ids);
  const left = compact(index.rows(pairs.t1, "pair column 1"), templates.features.rows);
  const right = compact(index.rows(pairs.t2, "pair column 2"), templates.features.rows);
  const n = pairs.labels.length;
  const out = new Float32Array(n);
  const { features } = templates;
  if (left.members.length * right.members.length > Math.max(16 * n, 1 << 20)) {
    sparseScores(features, left, right, out);
    options.onProgress?.(n, n);
    return out;
  }
  const similarity = options.similarity ?? await Similarity.create();
  try {
    const rightMatrix = gather(features, right.members);
    const width = right.members.length;
    const blockRows = Math.max(
      1,
      Math.floor((options.blockFloats ?? 1 << 24) / Math.max(width, 1)),
    );
    for (let a0 = 0; a0 < left.members.length; a0 += blockRows) {
      const a1 = Math.min(left.members.length, a0 + blockRows);
      const block = await similarity.scores(
        gather(features, left.members.subarray(a0, a1)),
        rightMatrix,
      );
      const l = left.slot, r = right.slot;
      for (let p = 0; p < n; p++) {
        const a = l[p]!;
        if (a >= a0 && a < a1) out[p] = block[(a - a0) * width + r[p]!]!;
      }
      options.onProgress?.(a1, left.members.length);
    }
  } finally {
    if (options.similarity === undefined) await similarity.release();
  }
  return out;
}

interface Compact {
  /** Distinct template rows, ascending. */
  members: Int32Array;
  /** For each pair, the position of its template in `members`. */
  slot: Int32Array;
}

function compact(rows: Int32Array, templateCount: number): Compact {
  const position = new Int32Array(templateCount).fill(-1);
  for (const r of rows) position[r] = 0;
  let k = 0;
  for (let t = 0; t < templateCount; t++) if (position[t] === 0) position[t] = k++;
  const members = new Int32Array(k);
  for (let t = 0; t < templateCount; t++) if (position[t]! >= 0) members[position[t]!] = t;
  const slot = rows;
  for (let p = 0; p < rows.length; p++) slot[p] = position[rows[p]!]!;
  return { members, slot };
}

/** Copies the given rows of `m` into a new matrix. */
export function gather(m: Matrix, rows: ArrayLike<number>): Matrix {
  const out = matrix(rows.length, m.dim);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out.data.set(m.data.subarray(r * m.dim, (r + 1) * m.dim), i * m.dim);
  }
  return out;
}

function sparseScores(features: Matrix, left: Compact, right: Compact, out: Float32Array) {
  const { data, dim } = features;
  for (let p = 0; p < out.length; p++) {
    const a = left.members[left.slot[p]!]! * dim;
    const b = right.members[right.slot[p]!]! * dim;
    let s = 0;
    for (let j = 0; j < dim; j++) s += data[a + j]! * data[b + j]!;
    out[p] = s;
  }
}

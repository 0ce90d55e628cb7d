import { type Matrix, matrix } from "../features/mod.ts";
import type { PairList } from "../protocol/mod.ts";
import type { OnProgress } from "../core/mod.ts";
import { Similarity } from "./similarity.ts";
import { TemplateIndex } from "./template_index.ts";
import { tiledDots } from "./_tiled_dots.ts";

/** Options of {@linkcode pairScores}. */
export interface PairScoreOptions {
  /** Reuse an existing Gemm session (default: one is created and released). */
  similarity?: Similarity;
  /** Most floats held by one block of the score matrix. Default 16M (64 MB). */
  blockFloats?: number;
  onProgress?: OnProgress;
}

/**
 * A Gemm (writing into one reused block buffer) computes about 7.5× as many dot products per
 * second as the tiled per-pair kernel (IJB-C-sized, 2-core AMD EPYC: 69M dots in 3.7 s
 * against 15.7M in 6.3 s), so it is used when the left × right block holds at most 7 times
 * the pair count.
 */
const GEMM_OVERHEAD = 7;

/**
 * The verification score of every pair: the dot product of the two L2-normalised template
 * vectors (docs/verification.md), as float32 in pair order.
 *
 * IJB pairs are nearly dense between a "left" set (the `t1` templates) and a "right" set
 * (`t2`), so this computes blocks of the left × right score matrix with one Gemm each and
 * gathers the pairs from it. When the columns are mixed (some pairs list their templates
 * the other way round), each pair is first turned so that the template in more pairs is on
 * the left, which restores the two sets. When even then left × right would be more than 7×
 * the pair count (pairs spread over all templates), the pairs are scored one by one by a
 * cache-tiled WebAssembly kernel summing in float64 (`_tiled_dots.ts`), which is as fast
 * in any arrangement.
 */
export async function pairScores(
  templates: { ids: Int32Array; features: Matrix },
  pairs: PairList,
  options: PairScoreOptions = {},
): Promise<Float32Array> {
  const index = new TemplateIndex(templates.ids);
  const rows = {
    left: index.rows(pairs.t1, "pair column 1"),
    right: index.rows(pairs.t2, "pair column 2"),
  };
  const n = pairs.labels.length;
  const out = new Float32Array(n);
  const { features } = templates;
  const sets = gemmSets(rows, features.rows, n);
  if (sets === undefined) {
    await tiledDots(features, rows, out, options.onProgress);
    return out;
  }
  const [left, right] = sets;
  const similarity = options.similarity ?? await Similarity.create();
  try {
    const rightMatrix = gather(features, right.members);
    const width = right.members.length;
    const blockRows = Math.max(
      1,
      Math.floor((options.blockFloats ?? 1 << 24) / Math.max(width, 1)),
    );
    // One block buffer for every block (fresh 64 MB per block costs more than the Gemm).
    const buffer = new Float32Array(Math.min(blockRows, left.members.length) * width);
    for (let a0 = 0; a0 < left.members.length; a0 += blockRows) {
      const a1 = Math.min(left.members.length, a0 + blockRows);
      const block = await similarity.scores(
        gather(features, left.members.subarray(a0, a1)),
        rightMatrix,
        buffer,
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

/**
 * The left and right template sets for the Gemm path: the pair columns as given, or else
 * each pair turned so that its template in more pairs (then the smaller row) is on the
 * left; undefined when neither is dense enough.
 */
function gemmSets(
  rows: { left: Int32Array; right: Int32Array },
  templateCount: number,
  n: number,
): [Compact, Compact] | undefined {
  const limit = Math.max(GEMM_OVERHEAD * n, 1 << 20);
  if (distinct(rows.left, templateCount) * distinct(rows.right, templateCount) <= limit) {
    return [compact(rows.left, templateCount), compact(rows.right, templateCount)];
  }
  const degree = new Int32Array(templateCount);
  for (let p = 0; p < n; p++) degree[rows.left[p]!]!++, degree[rows.right[p]!]!++;
  // Turned in place: the given columns are not needed again.
  const { left, right } = rows;
  for (let p = 0; p < n; p++) {
    const a = left[p]!, b = right[p]!;
    if (!(degree[a]! > degree[b]! || (degree[a] === degree[b] && a <= b))) {
      left[p] = b;
      right[p] = a;
    }
  }
  return distinct(left, templateCount) * distinct(right, templateCount) <= limit
    ? [compact(left, templateCount), compact(right, templateCount)]
    : undefined;
}

interface Compact {
  /** Distinct template rows, ascending. */
  members: Int32Array;
  /** For each pair, the position of its template in `members`. */
  slot: Int32Array;
}

/** Number of distinct values of `rows` (each below `templateCount`). */
function distinct(rows: Int32Array, templateCount: number): number {
  const seen = new Uint8Array(templateCount);
  let k = 0;
  for (let p = 0; p < rows.length; p++) {
    const r = rows[p]!;
    if (seen[r] === 0) seen[r] = 1, k++;
  }
  return k;
}

function compact(rows: Int32Array, templateCount: number): Compact {
  const position = new Int32Array(templateCount).fill(-1);
  for (let p = 0; p < rows.length; p++) position[rows[p]!] = 0;
  let k = 0;
  for (let t = 0; t < templateCount; t++) if (position[t] === 0) position[t] = k++;
  const members = new Int32Array(k);
  for (let t = 0; t < templateCount; t++) if (position[t]! >= 0) members[position[t]!] = t;
  // The slots reuse `rows`: each pair's template row becomes its position in `members`.
  for (let p = 0; p < rows.length; p++) rows[p] = position[rows[p]!]!;
  return { members, slot: rows };
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

import { type Matrix, matrix } from "../features/mod.ts";
import { _probeStats } from "./_probe_stats.ts";
import { cmc } from "./cmc.ts";
import { FPIR_TARGETS } from "./result.ts";
import { tpirAtFpir } from "./tpir_at_fpir.ts";

/** Options for {@linkcode ijbsIdentification}. */
export interface IjbsIdentificationOptions {
  /** Open-set targets. Default `FPIR_TARGETS` (1e-2, 1e-1). */
  fpirs?: readonly number[];
  /** Length of the CMC curve. Default 20. */
  maxRank?: number;
}

/** The closed- and open-set identification of one IJB-S protocol. */
export interface IjbsIdentification {
  /** Probes whose subject has a template in G1 or G2 (the closed-set denominator). */
  mated: number;
  /** Closed set on [G1 | G2]: `cmc[k − 1]` is the rank-k rate over mated probes. */
  cmc: Float64Array;
  /** Open set: TPIR at each target FPIR, the mean of G1's and G2's. */
  tpir: number[];
  /** Per probe: 1 when it is mated and its mate ranks first in [G1 | G2]. */
  rankOne: Uint8Array;
  /** Per probe: 1 when it is mated in [G1 | G2]. */
  isMated: Uint8Array;
}

/**
 * IJB-S identification as AdaFace's evaluation computes it (`DIR_FAR` with
 * `find_thresholds_by_FAR`, from PFE):
 * - closed set: scores against [G1 | G2]; over probes with a mate, the rank-k rate;
 * - open set, per gallery: the non-mated probes' best scores sorted descending,
 *   `k = trunc(n · FPIR)`, threshold `sorted[k − 1]` or the top score + 1e-8 (in float32)
 *   when `k = 0`; a mated probe counts when its mate is rank 1 **and** its score is
 *   **≥** the threshold (rule `"ijbs"` of `tpirAtFpir`); the two galleries are averaged.
 *
 * Ties between the mate and another template count against the probe (the reference's
 * unstable `argsort` leaves them unspecified). The reference computes its means in float32;
 * these are exact fractions in float64.
 *
 * @param scores Probe × G1 and probe × G2 score matrices.
 * @param subjects Subject ids of the probes and of each gallery's templates.
 * Degenerate cases: a gallery without mated or without non-mated probes gives a NaN TPIR
 * (see `tpirAtFpir`); no mated probe at all gives a NaN CMC.
 *
 * @throws {TypeError} when the shapes and subject arrays disagree.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matrix } from "../features/mod.ts";
 * import { ijbsIdentification } from "./ijbs_identification.ts";
 * const g1 = matrix(3, 1, new Float32Array([0.9, 0.2, 0.5]));
 * const g2 = matrix(3, 1, new Float32Array([0.1, 0.8, 0.3]));
 * const result = ijbsIdentification([g1, g2], {
 *   probe: new Int32Array([1, 2, 7]),
 *   galleries: [new Int32Array([1]), new Int32Array([2])],
 * }, { fpirs: [0.5], maxRank: 1 });
 * assert.deepEqual(result.mated, 2);
 * assert.deepEqual(Array.from(result.cmc), [1]);
 * assert.deepEqual(result.tpir, [1]);
 * ```
 */
export function ijbsIdentification(
  scores: readonly [Matrix, Matrix],
  subjects: { probe: Int32Array; galleries: readonly [Int32Array, Int32Array] },
  options: IjbsIdentificationOptions = {},
): IjbsIdentification {
  const fpirs = options.fpirs ?? FPIR_TARGETS.map(([, f]) => f);
  const [s1, s2] = scores;
  const [g1, g2] = subjects.galleries;
  if (s1.rows !== s2.rows) {
    throw new TypeError(
      `Cannot identify with ${s1.rows} probe rows against G1 and ${s2.rows} against G2`,
    );
  }
  // 1. Closed set on [G1 | G2].
  const cols = s1.dim + s2.dim;
  const union = matrix(s1.rows, cols);
  for (let i = 0; i < s1.rows; i++) {
    union.data.set(s1.data.subarray(i * s1.dim, (i + 1) * s1.dim), i * cols);
    union.data.set(s2.data.subarray(i * s2.dim, (i + 1) * s2.dim), i * cols + s1.dim);
  }
  const gallery = new Int32Array(cols);
  gallery.set(g1);
  gallery.set(g2, g1.length);
  const closed = cmc(union, { probe: subjects.probe, gallery }, { maxRank: options.maxRank });
  const stats = _probeStats(union, { probe: subjects.probe, gallery }, "IJB-S identification");
  const rankOne = new Uint8Array(s1.rows);
  for (let i = 0; i < s1.rows; i++) rankOne[i] = stats.mated[i] && stats.rank[i] === 1 ? 1 : 0;
  // 2. Open set per gallery, averaged.
  const t1 = tpirAtFpir(s1, { probe: subjects.probe, gallery: g1 }, { fpirs, rule: "ijbs" });
  const t2 = tpirAtFpir(s2, { probe: subjects.probe, gallery: g2 }, { fpirs, rule: "ijbs" });
  return {
    mated: closed.probes,
    cmc: closed.curve,
    tpir: t1.map((t, i) => (t + t2[i]!) / 2),
    rankOne,
    isMated: stats.mated,
  };
}

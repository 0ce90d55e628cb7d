import type { Matrix } from "../features/mod.ts";
import { _probeStats, type Subjects } from "./_probe_stats.ts";

/** Options for {@linkcode cmc}. */
export interface CmcOptions {
  /** Length of the curve: ranks 1 … maxRank. Default 20. */
  maxRank?: number;
}

/** A cumulative match characteristic curve. */
export interface CmcCurve {
  /** Number of probes counted: those whose subject has a gallery template. */
  probes: number;
  /** `curve[k - 1]` is the rank-k identification rate, for k = 1 … maxRank. */
  curve: Float64Array;
}

/**
 * Closed-set identification: the cumulative match characteristic (CMC) curve.
 *
 * Follows docs/identification.md and docs/ijbs.md: only probes whose subject has a gallery template count, and
 * rank-k is the fraction of them whose mate is among the k highest scores.
 *
 * Details and degenerate cases:
 * - Ties count against the probe: the mate's rank is 1 + the number of non-mate scores
 *   **greater than or equal to** the mate score. This is the rule of insightface's
 *   `ijb_evals` top-1 test (`pos_sims > neg_sims.max(1)`); its top-k lists come from an
 *   unstable `argsort`, which leaves ties unspecified.
 * - A subject with several gallery templates (IJB-S surveillance galleries) is found at
 *   the rank of its best-scoring template.
 * - No probe has a mate (or the gallery is empty): `probes` is 0 and the curve is NaN.
 * - maxRank above the gallery size: the curve stays at 1 beyond it.
 *
 * @param scores Probes × gallery scores (row-major), e.g. `probe · galleryᵀ`.
 * @param subjects Subject ids of the rows (`probe`) and the columns (`gallery`).
 * @param options See {@linkcode CmcOptions}.
 * @throws {TypeError} When the subject arrays do not match the matrix shape.
 * @throws {RangeError} When maxRank is not a positive whole number or a score is NaN.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matrix } from "../features/mod.ts";
 * import { cmc } from "./cmc.ts";
 * const scores = matrix(2, 3, new Float32Array([0.9, 0.1, 0.2, 0.3, 0.5, 0.1]));
 * const subjects = { probe: new Int32Array([7, 8]), gallery: new Int32Array([7, 8, 9]) };
 * assert.equal(cmc(scores, subjects, { maxRank: 2 }).curve.join(), "1,1");
 * ```
 */
export function cmc(scores: Matrix, subjects: Subjects, options: CmcOptions = {}): CmcCurve {
  const maxRank = options.maxRank ?? 20;
  if (!Number.isInteger(maxRank) || maxRank < 1) {
    throw new RangeError(
      `Cannot compute a CMC curve up to rank ${maxRank}: expected a whole number ≥ 1`,
    );
  }
  return cmcFromRanks(_probeStats(scores, subjects, "a CMC curve"), maxRank);
}

/**
 * The CMC curve of {@linkcode cmc} from each probe's mate rank, computed once: `mated[i]`
 * is 1 when probe i has a gallery template and `rank[i]` is its mate's rank (ties against
 * it). The one rank-k computation of every benchmark (the pipeline gathers the ranks for
 * the intervals too).
 */
export function cmcFromRanks(
  stats: { readonly mated: Uint8Array; readonly rank: Int32Array },
  maxRank: number,
): CmcCurve {
  const atRank = new Float64Array(maxRank + 1);
  let probes = 0;
  for (let i = 0; i < stats.mated.length; i++) {
    if (stats.mated[i] === 0) continue;
    probes++;
    const r = stats.rank[i]!;
    if (r <= maxRank) atRank[r]!++;
  }
  const curve = new Float64Array(maxRank);
  let hits = 0;
  for (let k = 1; k <= maxRank; k++) {
    hits += atRank[k]!;
    curve[k - 1] = probes > 0 ? hits / probes : NaN;
  }
  return { probes, curve };
}

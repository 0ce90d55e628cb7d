import type { Matrix } from "../features/mod.ts";
import { _probeStats, type Subjects } from "./_probe_stats.ts";
import { tpirAtFpir1n } from "./open_set_1n.ts";
import { FPIR_TARGETS } from "./result.ts";

/**
 * Open-set threshold rules (docs/identification.md):
 * - `"insightface-1n"`: the official insightface `ijb_1n.py` rule on one combined gallery,
 *   the default for IJB-B/C (see `OpenSet1n` in open_set_1n.ts);
 * - `"ijb-evals"`: the third-party Keras `ijb_evals` rule, per gallery, rank-1 required;
 * - `"ijbs"`: AdaFace's IJB-S evaluation.
 */
export const OPEN_SET_RULES = ["insightface-1n", "ijb-evals", "ijbs"] as const;

/** One of {@linkcode OPEN_SET_RULES}. */
export type OpenSetRule = typeof OPEN_SET_RULES[number];

/** Whether `x` names an open-set rule. */
export function isOpenSetRule(x: unknown): x is OpenSetRule {
  return (OPEN_SET_RULES as readonly unknown[]).includes(x);
}

/** Options for {@linkcode tpirAtFpir}. */
export interface TpirAtFpirOptions {
  /** Target false positive identification rates, each in [0, 1]. Default: `FPIR_TARGETS` (1e-2, 1e-1). */
  fpirs?: readonly number[];
  /** Threshold rule. Default `"ijb-evals"`. */
  rule?: OpenSetRule;
}

/**
 * Open-set identification against ONE gallery: the true positive identification rate at
 * target false positive identification rates. For the per-gallery rules the caller
 * averages over galleries; `"insightface-1n"` expects the combined gallery and is
 * {@linkcode tpirAtFpir1n} (probes without a mate are left out).
 *
 * Mated probes are those whose subject has a template in the gallery; the others are
 * non-mated. Let `sorted` be the non-mated probes' best scores in descending order and
 * `n` their number. A mated probe is a hit when its mate is the top-1 score (strictly
 * above every non-mate template) and its mate score passes the threshold:
 * - `"ijb-evals"` (the Keras `ijb_evals` script): threshold
 *   `sorted[max(trunc(n·fpir) − 1, 0)]`, mate score **>** threshold;
 * - `"ijbs"` (AdaFace, IJB-S): `k = trunc(n·fpir)`, threshold `sorted[k − 1]`, or
 *   `sorted[0] + 1e-8` when `k = 0`; mate score **≥** threshold. The sum is rounded to
 *   float32, as numpy does when it compares float32 scores with a Python float, so for
 *   a top score above about 0.08 the `+ 1e-8` vanishes and a mate tied with it passes.
 *
 * TPIR is hits / mated probes.
 *
 * Degenerate cases:
 * - No mated probes: NaN (the reference's mean over an empty set).
 * - No non-mated probes: NaN, as the FPIR cannot be measured (the reference fails with
 *   an index error).
 * - Ties between the mate and a non-mate template mean "not top-1", as in `cmc`.
 * - A subject with several templates in the gallery uses its best one.
 *
 * @param scores Probes × gallery scores (row-major) for one gallery.
 * @param subjects Subject ids of the rows (`probe`) and the columns (`gallery`).
 * @param options See {@linkcode TpirAtFpirOptions}.
 * @returns One TPIR per target, in the order of `fpirs`.
 * @throws {TypeError} When the subject arrays do not match the matrix shape.
 * @throws {RangeError} When the gallery is empty, a target is not in [0, 1], the rule is
 *   unknown or a score is NaN.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matrix } from "../features/mod.ts";
 * import { tpirAtFpir } from "./tpir_at_fpir.ts";
 * const scores = matrix(3, 2, new Float32Array([0.9, 0.1, 0.2, 0.4, 0.5, 0.3]));
 * const subjects = { probe: new Int32Array([1, 2, 9]), gallery: new Int32Array([1, 2]) };
 * assert.equal(tpirAtFpir(scores, subjects, { fpirs: [0.1] }).join(), "0.5");
 * ```
 */
export function tpirAtFpir(
  scores: Matrix,
  subjects: Subjects,
  options: TpirAtFpirOptions = {},
): number[] {
  // 1. Validate.
  const fpirs = options.fpirs ?? FPIR_TARGETS.map(([, fpir]) => fpir);
  const rule: unknown = options.rule ?? "ijb-evals";
  if (!isOpenSetRule(rule)) {
    throw new RangeError(
      `Cannot compute TPIR@FPIR with rule "${String(rule)}": available are ` +
        OPEN_SET_RULES.map((r) => `"${r}"`).join(", "),
    );
  }
  for (const [i, fpir] of fpirs.entries()) {
    if (!(fpir >= 0 && fpir <= 1)) {
      throw new RangeError(
        `Cannot compute TPIR@FPIR as target ${i} is ${fpir}: expected an FPIR in [0, 1]`,
      );
    }
  }
  if (rule === "insightface-1n") return tpirAtFpir1n(scores, subjects, { fpirs });
  if (scores.dim === 0) {
    throw new RangeError("Cannot compute TPIR@FPIR against a gallery of 0 templates");
  }
  const stats = _probeStats(scores, subjects, "TPIR@FPIR");

  // 2. Sort once: the non-mated probes' best scores, descending.
  let nonMated = 0;
  for (let i = 0; i < stats.mated.length; i++) nonMated += 1 - stats.mated[i]!;
  const mated = stats.mated.length - nonMated;
  const sorted = new Float64Array(nonMated);
  for (let i = 0, k = 0; i < stats.mated.length; i++) {
    if (stats.mated[i] === 0) sorted[k++] = stats.nonMateMax[i]!;
  }
  sorted.sort().reverse();

  // 3. Compute.
  return fpirs.map((fpir) => {
    if (mated === 0 || nonMated === 0) return NaN;
    const k = Math.trunc(nonMated * fpir);
    let hits = 0;
    if (rule === "ijb-evals") {
      const threshold = sorted[Math.max(k - 1, 0)]!;
      for (let i = 0; i < stats.mated.length; i++) {
        const m = stats.mate[i]!;
        if (stats.mated[i] === 1 && m > stats.nonMateMax[i]! && m > threshold) hits++;
      }
    } else {
      const threshold = k > 0 ? sorted[k - 1]! : Math.fround(sorted[0]! + 1e-8);
      for (let i = 0; i < stats.mated.length; i++) {
        const m = stats.mate[i]!;
        if (stats.mated[i] === 1 && m > stats.nonMateMax[i]! && m >= threshold) hits++;
      }
    }
    return hits / mated;
  });
}

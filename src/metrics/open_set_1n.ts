import type { Matrix } from "../features/mod.ts";
import type { Subjects } from "./_probe_stats.ts";
import { FPIR_TARGETS } from "./result.ts";

/** Options of {@linkcode OpenSet1n}. */
export interface OpenSet1nOptions {
  /** Upper bound on the number of probes that will be added (all of them, mated or not). */
  probes: number;
  /** The largest FPIR that {@linkcode OpenSet1n.tpir} will be asked for. Default 0.1. */
  maxFpir?: number;
}

/**
 * The official insightface 1:N open-set rule (`recognition/_evaluation_/ijb/ijb_1n.py`,
 * `evaluation()`), which the CAFace and AdaFace repositories run. Accumulates blocks of
 * probe rows scored against ONE combined gallery (G1 + G2), so the full probes × gallery
 * matrix never has to exist at once.
 *
 * The rule, for the Q probes whose subject has a gallery template ("mated"):
 * 1. every score of those probes against a template of another subject is a non-mate
 *    score (Q·(G − 1) of them when each subject has one template);
 * 2. for a target FPIR, `k = ceil(Q·fpir)` and the threshold is the k-th largest non-mate
 *    score (`heapq.nlargest(k, neg)[k − 1]`; ties are counted with multiplicity);
 * 3. TPIR is the share of the Q probes whose mate score is **strictly** greater than the
 *    threshold. The mate need not be ranked first.
 *
 * Degenerate cases:
 * - Probes without a mate: the official driver stops (`gen_mask` raises). Here they are
 *   left out of the rule and counted in {@linkcode OpenSet1n.withoutMate}.
 * - A subject with several gallery templates: the official driver stops; here the mate
 *   score is the best of them and none of them counts as a non-mate score.
 * - No mated probe (Q = 0), `k = 0` (FPIR 0), or `k` above the number of non-mate scores
 *   (a one-template gallery): NaN, where the official code fails with an index error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matrix } from "../features/mod.ts";
 * import { OpenSet1n } from "./open_set_1n.ts";
 * const open = new OpenSet1n({ probes: 2 });
 * // Two mated probes; non-mate scores 0.2, 0.4; k = ceil(2·0.5) = 1: threshold 0.4.
 * open.add(matrix(2, 2, new Float32Array([0.9, 0.2, 0.4, 0.3])), {
 *   probe: new Int32Array([1, 2]),
 *   gallery: new Int32Array([1, 2]),
 * });
 * assert.deepEqual(open.tpir([0.5]), [0.5]);
 * ```
 */
export class OpenSet1n {
  #keep: number;
  #top: Float64Array;
  #count = 0;
  #floor = -Infinity;
  #negatives = 0;
  #mates: number[] = [];
  #withoutMate = 0;

  constructor(options: OpenSet1nOptions) {
    const maxFpir = options.maxFpir ?? Math.max(...FPIR_TARGETS.map(([, f]) => f));
    if (!(maxFpir >= 0 && maxFpir <= 1) || !(options.probes >= 0)) {
      throw new RangeError(
        `Cannot set up the insightface-1n rule for ${options.probes} probes up to FPIR ` +
          `${maxFpir}: expected a count ≥ 0 and an FPIR in [0, 1]`,
      );
    }
    this.#keep = Math.max(1, Math.ceil(options.probes * maxFpir));
    this.#top = new Float64Array(Math.max(2 * this.#keep, 4096));
  }

  /** Number of mated probes added so far (Q). */
  get mated(): number {
    return this.#mates.length;
  }

  /** Number of probes added so far whose subject has no gallery template. */
  get withoutMate(): number {
    return this.#withoutMate;
  }

  /**
   * Adds a block of probes scored against the whole combined gallery.
   *
   * @throws {TypeError} When the subject arrays do not match the matrix shape.
   * @throws {RangeError} When a score is NaN.
   */
  add(scores: Matrix, subjects: Subjects): void {
    const { probe, gallery } = subjects;
    if (scores.rows !== probe.length || scores.dim !== gallery.length) {
      throw new TypeError(
        `Cannot apply the insightface-1n rule to a ${scores.rows}×${scores.dim} score matrix ` +
          `with ${probe.length} probe and ${gallery.length} gallery subjects`,
      );
    }
    const cols = scores.dim, data = scores.data;
    const known = new Set(gallery);
    for (let i = 0; i < scores.rows; i++) {
      const subject = probe[i]!;
      const base = i * cols;
      for (let c = 0; c < cols; c++) {
        const s = data[base + c]!;
        if (s !== s) {
          throw new RangeError(
            `Cannot compute TPIR@FPIR as the score of probe ${i} against gallery template ` +
              `${c} is NaN: expected finite scores`,
          );
        }
      }
      if (!known.has(subject)) {
        this.#withoutMate++;
        continue;
      }
      let mate = -Infinity;
      for (let c = 0; c < cols; c++) {
        const s = data[base + c]!;
        if (gallery[c] === subject) {
          if (s > mate) mate = s;
        } else {
          this.#negatives++;
          if (s > this.#floor) this.#push(s);
        }
      }
      this.#mates.push(mate);
    }
  }

  /**
   * TPIR at each target FPIR, by the rule above.
   *
   * @throws {RangeError} When a target is outside [0, 1] or above the `maxFpir` given to
   *   the constructor.
   */
  tpir(fpirs: readonly number[] = FPIR_TARGETS.map(([, f]) => f)): number[] {
    const sorted = this.#top.slice(0, this.#count).sort().reverse();
    const q = this.#mates.length;
    return fpirs.map((fpir, i) => {
      if (!(fpir >= 0 && fpir <= 1)) {
        throw new RangeError(
          `Cannot compute TPIR@FPIR as target ${i} is ${fpir}: expected an FPIR in [0, 1]`,
        );
      }
      const k = Math.ceil(q * fpir);
      if (q === 0 || k === 0 || k > this.#negatives) return NaN;
      if (k > sorted.length) {
        throw new RangeError(
          `Cannot compute TPIR@FPIR=${fpir} with the insightface-1n rule: only the ` +
            `${sorted.length} largest non-mate scores were kept (raise maxFpir)`,
        );
      }
      const threshold = sorted[k - 1]!;
      let hits = 0;
      for (const m of this.#mates) if (m > threshold) hits++;
      return hits / q;
    });
  }

  #push(s: number): void {
    if (this.#count === this.#top.length) {
      // Keep the largest `#keep` scores; a later score at or below the smallest kept one
      // cannot change the k-th largest for any k ≤ #keep.
      const kept = this.#top.sort().subarray(this.#top.length - this.#keep);
      this.#top.set(kept, 0);
      this.#count = this.#keep;
      this.#floor = this.#top[0]!;
      if (!(s > this.#floor)) return;
    }
    this.#top[this.#count++] = s;
  }
}

/**
 * TPIR@FPIR by the official insightface 1:N rule on one combined gallery; see
 * {@linkcode OpenSet1n} for the rule and its degenerate cases.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matrix } from "../features/mod.ts";
 * import { tpirAtFpir1n } from "./open_set_1n.ts";
 * const scores = matrix(2, 2, new Float32Array([0.9, 0.2, 0.4, 0.3]));
 * const subjects = { probe: new Int32Array([1, 2]), gallery: new Int32Array([1, 2]) };
 * assert.deepEqual(tpirAtFpir1n(scores, subjects, { fpirs: [0.5, 1] }), [0.5, 1]);
 * ```
 */
export function tpirAtFpir1n(
  scores: Matrix,
  subjects: Subjects,
  options: { fpirs?: readonly number[] } = {},
): number[] {
  const fpirs = options.fpirs ?? FPIR_TARGETS.map(([, f]) => f);
  const maxFpir = Math.max(0, ...fpirs.filter((f) => f >= 0 && f <= 1));
  const open = new OpenSet1n({ probes: scores.rows, maxFpir });
  open.add(scores, subjects);
  return open.tpir(fpirs);
}

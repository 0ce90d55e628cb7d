import type { OpenSet1nProbes } from "./open_set_1n_scores.ts";

/**
 * Weighted TPIR@FPIR by the official insightface 1:N rule (`OpenSet1n`): each probe of
 * subject s counts `c[s]` times, `c[s]` being the draws of its subject, and the combined
 * gallery is held fixed. For the replicated probe set:
 * 1. `Qw = Σ c` over the mated probes and `k = ceil(Qw · fpir)`;
 * 2. the threshold is the k-th largest non-mate score when each probe's non-mate scores
 *    are repeated `c[s]` times (ties counted with multiplicity);
 * 3. TPIR is `Σ c` over the mated probes whose mate score is strictly above it, over `Qw`.
 *
 * With every count 1 the values are `OpenSet1n.tpir`'s exactly.
 *
 * Degenerate cases: `Qw = 0`, `k = 0`, or `k` above the weighted number of non-mate scores
 * give NaN, as the point estimate does. A resample whose k-th score lies below the scores
 * that {@linkcode OpenSet1nScores} kept also gets NaN, and its FPIR is added to
 * {@linkcode OpenSet1nBootstrap.truncated}: the caller must then report no interval for it
 * rather than one computed from the other resamples.
 */
export class OpenSet1nBootstrap {
  readonly subjects: number;
  /** The FPIRs for which some resample needed a deeper non-mate score than was kept. */
  readonly truncated: Set<number> = new Set();
  #matedBySubject: Float64Array;
  #negativesBySubject: Float64Array;
  #top: Float64Array;
  #topSubject: Int32Array;
  #mate: Float64Array;
  #mateSubject: Int32Array;

  /**
   * @param probes The accumulated probes (`OpenSet1nScores.probes()`).
   * @param weights The dense subject (0 … S−1) of each probe, and S.
   * @throws {TypeError} When the probe counts differ.
   */
  constructor(
    probes: OpenSet1nProbes,
    weights: { probeSubjects: Int32Array; subjects: number },
  ) {
    const { probeSubjects, subjects } = weights;
    if (probes.mated.length !== probeSubjects.length) {
      throw new TypeError(
        `Cannot weigh ${probes.mated.length} probes by the subjects of ${probeSubjects.length}`,
      );
    }
    this.subjects = subjects;
    this.#matedBySubject = new Float64Array(subjects);
    this.#negativesBySubject = new Float64Array(subjects);
    const mated: number[] = [];
    for (let i = 0; i < probeSubjects.length; i++) {
      if (probes.mated[i] !== 1) continue;
      const s = probeSubjects[i]!;
      this.#matedBySubject[s]! += 1;
      this.#negativesBySubject[s]! += probes.negatives[i]!;
      mated.push(i);
    }
    mated.sort((a, b) => probes.mate[b]! - probes.mate[a]!);
    this.#mate = Float64Array.from(mated, (i) => probes.mate[i]!);
    this.#mateSubject = Int32Array.from(mated, (i) => probeSubjects[i]!);
    this.#top = probes.top;
    this.#topSubject = Int32Array.from(probes.topProbe, (i) => probeSubjects[i]!);
  }

  /** Writes TPIR at each of `fpirs` into `out`, for subject counts `counts[offset …)`. */
  evaluate(
    counts: ArrayLike<number>,
    offset: number,
    fpirs: readonly number[],
    out: Float64Array,
  ): void {
    let q = 0, negatives = 0;
    for (let s = 0; s < this.subjects; s++) {
      const c = counts[offset + s]!;
      q += c * this.#matedBySubject[s]!;
      negatives += c * this.#negativesBySubject[s]!;
    }
    for (let f = 0; f < fpirs.length; f++) {
      const k = Math.ceil(q * fpirs[f]!);
      if (q === 0 || k === 0 || k > negatives) {
        out[f] = NaN;
        continue;
      }
      const threshold = this.#kth(counts, offset, k);
      if (threshold === undefined) {
        this.truncated.add(fpirs[f]!);
        out[f] = NaN;
        continue;
      }
      let hits = 0;
      for (let i = 0; i < this.#mate.length && this.#mate[i]! > threshold; i++) {
        hits += counts[offset + this.#mateSubject[i]!]!;
      }
      out[f] = hits / q;
    }
  }

  /** The k-th largest weighted non-mate score, or undefined when it was not kept. */
  #kth(counts: ArrayLike<number>, offset: number, k: number): number | undefined {
    let cum = 0;
    for (let i = 0; i < this.#top.length; i++) {
      cum += counts[offset + this.#topSubject[i]!]!;
      if (cum >= k) return this.#top[i]!;
    }
    return undefined;
  }
}

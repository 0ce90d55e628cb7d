import type { OpenSetRule } from "../metrics/mod.ts";
import { OpenSet1nBootstrap } from "./open_set_1n_bootstrap.ts";
import type { OpenSet1nProbes } from "./open_set_1n_scores.ts";

/** Per-probe facts about one gallery, as the metrics compute them (see `probeStats`). */
export interface GalleryProbeStats {
  /** 1 when the probe's subject has a template in the gallery. */
  mated: Uint8Array;
  /** Best mate score (NaN for a non-mated probe). */
  mate: Float64Array;
  /** Best non-mate score (-Infinity when there is none). */
  nonMateMax: Float64Array;
  /** 1 + non-mate scores ≥ the mate score (0 for a non-mated probe). */
  rank: Int32Array;
}

/** What {@linkcode IdentificationBootstrap} needs. */
export interface IdentificationInput {
  /** Dense subject (0 … S−1) of each probe. */
  probeSubjects: Int32Array;
  /** Number of subjects S. */
  subjects: number;
  /** Closed-set statistics against the whole gallery (ranks for rank-k). */
  closed: Pick<GalleryProbeStats, "mated" | "rank">;
  /** Open-set statistics per gallery; TPIR is averaged over them. Empty: no TPIR. */
  open: readonly GalleryProbeStats[];
  /**
   * The open-set threshold rule (docs/identification.md): `"ijb-evals"` and `"ijbs"` on
   * `open`, or the official insightface 1:N rule on one combined gallery
   * (`"insightface-1n"`), on `open1n`.
   */
  rule: OpenSetRule;
  /** For `"insightface-1n"`: the probes scored against G1 + G2. Absent: no TPIR. */
  open1n?: OpenSet1nProbes;
}

interface _Open {
  /** Non-mated probes' best scores, descending, and their subjects. */
  sorted: Float64Array;
  sortedSubject: Int32Array;
  /** Mated probes: subject, mate score, whether the mate is top-1. */
  matedSubject: Int32Array;
  mate: Float64Array;
  top1: Uint8Array;
}

/**
 * Weighted rank-k and TPIR@FPIR for any weighting of the probe subjects: the gallery is
 * held fixed and each probe counts `c[s]` times, `c[s]` being the draws of its subject.
 * The rules are those of `cmc` and `tpirAtFpir` (for `"insightface-1n"`, `OpenSet1n`
 * through {@linkcode OpenSet1nBootstrap}) applied to the replicated probe set, so
 * with every count 1 the values are the point estimates.
 */
export class IdentificationBootstrap {
  readonly subjects: number;
  #subject: Int32Array;
  #closedMated: Uint8Array;
  #closedRank: Int32Array;
  #open: _Open[];
  #rule: OpenSetRule;
  #open1n?: OpenSet1nBootstrap;
  #strata: Int32Array;

  constructor(input: IdentificationInput) {
    const n = input.probeSubjects.length;
    this.subjects = input.subjects;
    this.#subject = input.probeSubjects;
    this.#closedMated = input.closed.mated;
    this.#closedRank = input.closed.rank;
    this.#rule = input.rule;
    for (const s of input.probeSubjects) {
      if (!(s >= 0 && s < input.subjects)) {
        throw new RangeError(
          `Cannot bootstrap probes of subject ${s}: expected 0 … ${input.subjects - 1}`,
        );
      }
    }
    this.#strata = _galleryStrata(input);
    if (input.rule === "insightface-1n" && input.open1n) {
      this.#open1n = new OpenSet1nBootstrap(input.open1n, input);
    }
    this.#open = input.rule === "insightface-1n" ? [] : input.open.map((g) => {
      if (g.mated.length !== n) {
        throw new TypeError(`Cannot bootstrap ${n} probes with statistics of ${g.mated.length}`);
      }
      const non: number[] = [], mated: number[] = [];
      for (let i = 0; i < n; i++) (g.mated[i] === 1 ? mated : non).push(i);
      non.sort((x, y) => g.nonMateMax[y]! - g.nonMateMax[x]!);
      return {
        sorted: Float64Array.from(non, (i) => g.nonMateMax[i]!),
        sortedSubject: Int32Array.from(non, (i) => input.probeSubjects[i]!),
        matedSubject: Int32Array.from(mated, (i) => input.probeSubjects[i]!),
        mate: Float64Array.from(mated, (i) => g.mate[i]!),
        top1: Uint8Array.from(mated, (i) => g.mate[i]! > g.nonMateMax[i]! ? 1 : 0),
      };
    });
  }

  /**
   * Writes rank-k for each of `ranks` into `out[0 …)`, then TPIR at each of `fpirs`
   * (averaged over the galleries), for subject counts `counts[offset … offset + S)`.
   * NaN where the point estimate would be NaN for the replicated probes (no mated or no
   * non-mated weight).
   */
  evaluate(
    counts: ArrayLike<number>,
    offset: number,
    ranks: readonly number[],
    fpirs: readonly number[],
    out: Float64Array,
  ): void {
    const subject = this.#subject, mated = this.#closedMated, rank = this.#closedRank;
    let total = 0;
    const hits = new Float64Array(ranks.length);
    for (let i = 0; i < subject.length; i++) {
      if (mated[i] !== 1) continue;
      const w = counts[offset + subject[i]!]!;
      total += w;
      for (let k = 0; k < ranks.length; k++) if (rank[i]! <= ranks[k]!) hits[k]! += w;
    }
    for (let k = 0; k < ranks.length; k++) out[k] = total > 0 ? hits[k]! / total : NaN;
    if (this.#open1n) {
      this.#open1n.evaluate(counts, offset, fpirs, out.subarray(ranks.length));
      return;
    }
    for (let f = 0; f < fpirs.length; f++) {
      let sum = 0;
      for (const g of this.#open) sum += this.#tpir(g, counts, offset, fpirs[f]!);
      out[ranks.length + f] = this.#open.length > 0 ? sum / this.#open.length : NaN;
    }
  }

  /** Number of probes with a mate in the gallery (the units rank-k and TPIR average). */
  get mated(): number {
    let n = 0;
    for (let i = 0; i < this.#closedMated.length; i++) n += this.#closedMated[i]!;
    return n;
  }

  /**
   * The strata of the identification draws (`drawSubjects(S, { strata })`): subjects are
   * grouped by which galleries hold their mate, so a resample keeps the number of mated
   * and non-mated subjects of each gallery. The gallery is held fixed, so which subjects
   * have a mate is part of the protocol's design, not of the sampling: under the plain
   * draws the number of non-mated probes varies from resample to resample and moves the
   * threshold's order statistic (`ijb-evals`: index `int(n·fpir) − 1`) with it. Subjects
   * without probes form one stratum of their own (−1).
   */
  get strata(): Int32Array {
    return this.#strata;
  }

  /**
   * The FPIRs whose insightface-1n TPIR was NaN in some resample because it needed a
   * deeper non-mate score than was kept: they get no interval.
   */
  get truncated(): ReadonlySet<number> {
    return this.#open1n?.truncated ?? new Set();
  }

  #tpir(g: _Open, counts: ArrayLike<number>, offset: number, fpir: number): number {
    let n = 0;
    for (let i = 0; i < g.sortedSubject.length; i++) n += counts[offset + g.sortedSubject[i]!]!;
    let q = 0;
    for (let i = 0; i < g.matedSubject.length; i++) q += counts[offset + g.matedSubject[i]!]!;
    if (n === 0 || q === 0) return NaN;
    const k = Math.trunc(n * fpir);
    let threshold: number;
    if (this.#rule === "ijb-evals") threshold = this.#at(g, counts, offset, Math.max(k - 1, 0));
    else {
      threshold = k > 0
        ? this.#at(g, counts, offset, k - 1)
        : Math.fround(this.#at(g, counts, offset, 0) + 1e-8);
    }
    const strict = this.#rule === "ijb-evals";
    let hits = 0;
    for (let i = 0; i < g.mate.length; i++) {
      if (g.top1[i] !== 1) continue;
      const m = g.mate[i]!;
      if (strict ? m > threshold : m >= threshold) hits += counts[offset + g.matedSubject[i]!]!;
    }
    return hits / q;
  }

  /** The score at position `p` of the replicated descending list. */
  #at(g: _Open, counts: ArrayLike<number>, offset: number, p: number): number {
    let cum = 0;
    for (let i = 0; i < g.sorted.length; i++) {
      cum += counts[offset + g.sortedSubject[i]!]!;
      if (cum > p) return g.sorted[i]!;
    }
    return g.sorted[g.sorted.length - 1]!;
  }
}

/**
 * The stratum of each subject: which galleries hold its mate (the combined gallery, then
 * each of `open`), or −1 for a subject without probes. Dense ids in order of appearance.
 */
function _galleryStrata(input: IdentificationInput): Int32Array {
  const flags = new Map<number, number[]>();
  input.probeSubjects.forEach((s, p) => {
    const f = flags.get(s) ?? new Array(1 + input.open.length).fill(0);
    f[0] |= input.closed.mated[p]!;
    input.open.forEach((g, k) => f[k + 1] |= g.mated[p]!);
    flags.set(s, f);
  });
  const ids = new Map<string, number>(), out = new Int32Array(input.subjects).fill(-1);
  for (const [s, f] of flags) {
    const key = f.join("");
    if (!ids.has(key)) ids.set(key, ids.size);
    out[s] = ids.get(key)!;
  }
  return out;
}

import { _argsortDescending, _scoreKey } from "./_argsort.ts";

type _Ints = Uint16Array | Int32Array;

/**
 * Weighted TAR@FAR and AUC of one set of verification scores, for any weighting of the
 * subjects, without sorting again: the scores are sorted once when the object is built,
 * and each resample is a walk over them with a weight per pair.
 *
 * The weight of a pair whose templates belong to subjects `a` and `b` is `c[a]` when
 * `a = b` (a genuine comparison) and `c[a]·c[b]` otherwise, where `c[s]` is the number of
 * times subject `s` was drawn: this is the pair's multiplicity in the resampled dataset
 * (every copy of `a` meets every copy of `b`). See docs/uncertainty.md.
 *
 * The metrics are those of the replicated dataset (each pair repeated by its weight):
 * - TAR@FAR follows the insightface nearest-point rule on sklearn's ROC with
 *   `drop_intermediate=True`, as the point estimate does: with every count 1 the values
 *   are the point estimates, ties included.
 * - AUC is the trapezoidal area of that ROC, computed as the Mann–Whitney statistic
 *   (ties count one half), which is the same number.
 *
 * Cost per resample: one pass over the impostors above the lowest genuine score, plus
 * one over the distinct subject pairs of the impostors.
 */
export class VerificationBootstrap {
  /** Number of subjects S that a weight vector must cover. */
  readonly subjects: number;
  #gKeys: Uint32Array;
  #gA: _Ints;
  #gB: _Ints;
  #iKeys: Uint32Array;
  #iA: _Ints;
  #iB: _Ints;
  #iRank: _Ints;
  #prefix: number;
  #ties: Int32Array;
  #tieEnd: Int32Array;
  #uA: _Ints;
  #uB: _Ints;
  #uN: Float64Array;
  #P: Float64Array;
  #c: Float64Array;

  /**
   * @param scores One float32 score per pair (finite).
   * @param labels 1 genuine, 0 impostor.
   * @param subjects Dense subject (0 … S−1) of each pair's two templates, and S.
   * @throws {TypeError} When the lengths differ.
   * @throws {RangeError} When a score is not finite or a subject is out of range.
   */
  constructor(
    scores: Float32Array,
    labels: Uint8Array,
    subjects: { first: Int32Array; second: Int32Array; count: number },
  ) {
    const n = scores.length;
    if (labels.length !== n || subjects.first.length !== n || subjects.second.length !== n) {
      throw new TypeError(
        `Cannot bootstrap ${n} scores with ${labels.length} labels and ${subjects.first.length} ` +
          `subject pairs: expected the same length`,
      );
    }
    const S = subjects.count;
    this.subjects = S;
    const Sub = S <= 0xffff ? Uint16Array : Int32Array;
    const bits = new Uint32Array(scores.buffer, scores.byteOffset, n);
    const keys = new Uint32Array(n);
    let genuine = 0;
    for (let i = 0; i < n; i++) {
      if ((bits[i]! & 0x7f800000) === 0x7f800000) {
        throw new RangeError(
          `Cannot bootstrap as score ${i} is ${scores[i]}: expected finite scores`,
        );
      }
      const a = subjects.first[i]!, b = subjects.second[i]!;
      if (!(a >= 0 && a < S && b >= 0 && b < S)) {
        throw new RangeError(
          `Cannot bootstrap as pair ${i} has subjects ${a}, ${b}: expected 0 … ${S - 1}`,
        );
      }
      keys[i] = _scoreKey(bits[i]!);
      genuine += labels[i] === 1 ? 1 : 0;
    }
    const gIdx = new Uint32Array(genuine), iIdx = new Uint32Array(n - genuine);
    for (let i = 0, g = 0, m = 0; i < n; i++) {
      if (labels[i] === 1) gIdx[g++] = i;
      else iIdx[m++] = i;
    }
    const gs = _argsortDescending(keys, gIdx), is = _argsortDescending(keys, iIdx);
    this.#gKeys = gs.keys;
    this.#gA = _gather(Sub, gs.idx, subjects.first);
    this.#gB = _gather(Sub, gs.idx, subjects.second);
    this.#iKeys = is.keys;
    this.#iA = _gather(Sub, is.idx, subjects.first);
    this.#iB = _gather(Sub, is.idx, subjects.second);
    // Genuine rank of each impostor (genuines strictly above it), and ties with genuines.
    const G = genuine, I = n - genuine;
    this.#iRank = G <= 0xffff ? new Uint16Array(I) : new Int32Array(I);
    const ties: number[] = [], tieEnd: number[] = [];
    let r = 0;
    this.#prefix = I;
    for (let i = 0; i < I; i++) {
      const k = this.#iKeys[i]!;
      while (r < G && this.#gKeys[r]! > k) r++;
      this.#iRank[i] = r;
      let e = r;
      while (e < G && this.#gKeys[e] === k) e++;
      if (e > r) {
        ties.push(i);
        tieEnd.push(e);
      }
      if (r === G && this.#prefix === I) this.#prefix = i;
    }
    this.#ties = Int32Array.from(ties);
    this.#tieEnd = Int32Array.from(tieEnd);
    // Distinct subject pairs of the impostors, for the total impostor weight.
    const pairs = new Map<number, number>();
    for (let i = 0; i < I; i++) {
      const code = this.#iA[i]! * S + this.#iB[i]!;
      pairs.set(code, (pairs.get(code) ?? 0) + 1);
    }
    this.#uA = new Sub(pairs.size);
    this.#uB = new Sub(pairs.size);
    this.#uN = new Float64Array(pairs.size);
    let u = 0;
    for (const [code, count] of pairs) {
      this.#uA[u] = Math.floor(code / S);
      this.#uB[u] = code % S;
      this.#uN[u++] = count;
    }
    this.#P = new Float64Array(G + 1);
    this.#c = new Float64Array(S);
  }

  /** Number of genuine pairs. */
  get genuine(): number {
    return this.#gKeys.length;
  }

  /** Number of impostor pairs. */
  get impostor(): number {
    return this.#iKeys.length;
  }

  /**
   * The weighted metrics for subject counts `counts[offset … offset + S)`: writes
   * TAR at each of `fars` into `out[0 … fars.length)` and the AUC into `out[fars.length]`.
   * NaN where undefined: no genuine weight (TAR, AUC) or no impostor weight (AUC; TAR is
   * then 1, as the point estimate's rule gives).
   */
  evaluate(
    counts: ArrayLike<number>,
    offset: number,
    fars: readonly number[],
    out: Float64Array,
  ): void {
    const c = this.#c, S = this.subjects;
    for (let s = 0; s < S; s++) c[s] = counts[offset + s]!;
    // Genuine prefix weights along the descending order.
    const gA = this.#gA, gB = this.#gB, P = this.#P, G = gA.length;
    P[0] = 0;
    for (let g = 0; g < G; g++) {
      const a = gA[g]!, b = gB[g]!;
      P[g + 1] = P[g]! + (a === b ? c[a]! : c[a]! * c[b]!);
    }
    const WG = P[G]!;
    // Total impostor weight over the distinct subject pairs.
    const uA = this.#uA, uB = this.#uB, uN = this.#uN;
    let WI = 0;
    for (let u = 0; u < uN.length; u++) {
      const a = uA[u]!, b = uB[u]!;
      WI += uN[u]! * (a === b ? c[a]! : c[a]! * c[b]!);
    }
    this.#tars(fars, WG, WI, out);
    out[fars.length] = this.#auc(WG, WI);
  }

  #tars(fars: readonly number[], WG: number, WI: number, out: Float64Array): void {
    const m = fars.length;
    if (WG === 0 || WI === 0) {
      for (let t = 0; t < m; t++) out[t] = WG === 0 ? NaN : 1;
      return;
    }
    const order = Array.from(fars.keys()).sort((x, y) => fars[x]! - fars[y]!);
    const keys = this.#iKeys, iA = this.#iA, iB = this.#iB, c = this.#c, I = keys.length;
    const gKeys = this.#gKeys, P = this.#P, G = gKeys.length;
    // FAR levels in increasing order. A level's TAR is the genuine weight above the next
    // impostor score; a level whose ROC point sklearn's drop_intermediate removes is no
    // candidate. Targets are resolved between the last two candidate levels.
    let t = 0, keptF = 0, keptTar = NaN;
    const feed = (F: number, tar: number) => {
      while (t < m && F >= fars[order[t]!]! * WI) {
        const target = fars[order[t]!]! * WI;
        out[order[t]!] = F - target <= target - keptF ? tar : keptTar;
        t++;
      }
      keptF = F;
      keptTar = tar;
    };
    let F = 0, r = 0, opened = false, openGw = 0, openGt = 0, openTop = false, openEnd = 0;
    let i = 0;
    while (i < I) {
      const key = keys[i]!;
      let gw = 0;
      do {
        const a = iA[i]!, b = iB[i]!;
        gw += a === b ? c[a]! : c[a]! * c[b]!;
        i++;
      } while (i < I && keys[i] === key);
      if (gw === 0) continue;
      while (r < G && gKeys[r]! > key) r++;
      let e = r;
      while (e < G && gKeys[e] === key) e++;
      const gt = P[e]! - P[r]!;
      const tarBefore = P[r]! / WG;
      if (!opened) keptTar = tarBefore; // level 0 (FAR 0) ends at the first impostor score
      else {
        const between = P[r]! - P[openEnd]!;
        const dropped = !openTop && between === 0 && gw === openGw && gt === openGt;
        if (!dropped) feed(F, tarBefore);
        if (t >= m) return;
      }
      openTop = F === 0 && P[r] === 0;
      F += gw;
      opened = true;
      openGw = gw;
      openGt = gt;
      openEnd = e;
    }
    if (opened) feed(F, 1);
    for (; t < m; t++) out[order[t]!] = keptTar;
  }

  #auc(WG: number, WI: number): number {
    if (WG === 0 || WI === 0) return NaN;
    const iA = this.#iA, iB = this.#iB, rank = this.#iRank, P = this.#P, c = this.#c;
    let acc = 0, accW = 0;
    const end = this.#prefix;
    for (let i = 0; i < end; i++) {
      const a = iA[i]!, b = iB[i]!;
      const w = a === b ? c[a]! : c[a]! * c[b]!;
      accW += w;
      acc += w * P[rank[i]!]!;
    }
    const ties = this.#ties, tieEnd = this.#tieEnd;
    for (let k = 0; k < ties.length; k++) {
      const i = ties[k]!, a = iA[i]!, b = iB[i]!;
      const w = a === b ? c[a]! : c[a]! * c[b]!;
      acc += 0.5 * w * (P[tieEnd[k]!]! - P[rank[i]!]!);
    }
    return (acc + WG * (WI - accW)) / (WG * WI);
  }
}

function _gather(
  Type: Uint16ArrayConstructor | Int32ArrayConstructor,
  idx: Uint32Array,
  values: Int32Array,
): _Ints {
  const out = new Type(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = values[idx[i]!]!;
  return out;
}

import type { AucInfluence } from "./studentized_interval.ts";
import { _argsortDescending, _scoreKey } from "./_argsort.ts";
import { _TarWalk } from "./_tar_walk.ts";
import { _distinctPairs, _gather, type _Ints } from "./_pair_arrays.ts";

/** The prepared arrays of a {@linkcode VerificationBootstrap}, shareable with workers. */
export interface _VerificationState {
  subjects: number;
  gKeys: Uint32Array;
  gA: _Ints;
  gB: _Ints;
  iKeys: Uint32Array;
  iA: _Ints;
  iB: _Ints;
  iRank: _Ints;
  prefix: number;
  ties: Int32Array;
  tieEnd: Int32Array;
  uA: _Ints;
  uB: _Ints;
  uN: Float64Array;
  iPair: Uint32Array;
}

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
  #iPair: Uint32Array;
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
  );
  /** Rebuilds a sampler from {@linkcode VerificationBootstrap._state} (in a worker). */
  constructor(state: _VerificationState);
  constructor(
    scores: Float32Array | _VerificationState,
    labels?: Uint8Array,
    subjects?: { first: Int32Array; second: Int32Array; count: number },
  ) {
    if (!(scores instanceof Float32Array)) {
      const st = scores;
      this.subjects = st.subjects;
      [this.#gKeys, this.#gA, this.#gB] = [st.gKeys, st.gA, st.gB];
      [this.#iKeys, this.#iA, this.#iB, this.#iRank] = [st.iKeys, st.iA, st.iB, st.iRank];
      [this.#prefix, this.#ties, this.#tieEnd] = [st.prefix, st.ties, st.tieEnd];
      [this.#uA, this.#uB, this.#uN, this.#iPair] = [st.uA, st.uB, st.uN, st.iPair];
      this.#P = new Float64Array(0);
      this.#c = new Float64Array(0);
      return;
    }
    if (labels === undefined || subjects === undefined) {
      throw new TypeError("Cannot bootstrap scores without labels and subjects");
    }
    const n = scores.length;
    if (labels.length !== n || subjects.first.length !== n || subjects.second.length !== n) {
      throw new TypeError(
        `Cannot bootstrap ${n} scores with ${labels.length} labels and ${subjects.first.length} ` +
          `subject pairs: expected the same length`,
      );
    }
    const S = subjects.count;
    this.subjects = S;
    // Subject S is a sentinel drawn once in every resample: a pair within one subject
    // stores it as its second subject, so every weight is the product c[a]·c[b].
    const Sub = S < 0xffff ? Uint16Array : Int32Array;
    const second = subjects.second.map((b, i) => b === subjects.first[i] ? S : b);
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
    this.#gB = _gather(Sub, gs.idx, second);
    this.#iKeys = is.keys;
    this.#iPair = is.idx;
    this.#iA = _gather(Sub, is.idx, subjects.first);
    this.#iB = _gather(Sub, is.idx, second);
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
    const u = _distinctPairs(this.#iA, this.#iB, S + 1);
    this.#uA = _gather(Sub, u.x, Int32Array.from(u.x.keys()));
    this.#uB = _gather(Sub, u.y, Int32Array.from(u.y.keys()));
    this.#uN = u.n;
    this.#P = new Float64Array(0);
    this.#c = new Float64Array(0);
  }

  /**
   * The sorted arrays, copied into shared memory, for workers that evaluate other
   * resamples of the same data (see {@linkcode verificationResamplesParallel}).
   */
  _state(): _VerificationState {
    const share = <T extends _Ints | Uint32Array | Float64Array>(a: T): T => {
      const Type = a.constructor as new (b: SharedArrayBuffer) => T;
      const out = new Type(new SharedArrayBuffer(a.byteLength));
      (out as unknown as { set(x: T): void }).set(a);
      return out;
    };
    return {
      subjects: this.subjects,
      gKeys: share(this.#gKeys),
      gA: share(this.#gA),
      gB: share(this.#gB),
      iKeys: share(this.#iKeys),
      iA: share(this.#iA),
      iB: share(this.#iB),
      iRank: share(this.#iRank),
      prefix: this.#prefix,
      ties: share(this.#ties as unknown as Uint32Array) as unknown as Int32Array,
      tieEnd: share(this.#tieEnd as unknown as Uint32Array) as unknown as Int32Array,
      uA: share(this.#uA),
      uB: share(this.#uB),
      uN: share(this.#uN),
      iPair: share(this.#iPair),
    };
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
    this.evaluateMany(counts, [offset], fars, out);
  }

  /**
   * {@linkcode evaluate} for several resamples at once (faster: one pass over the pairs
   * for all of them): resample k reads `counts` from `offsets[k]` and writes
   * `out[k·(fars.length + 1) …]`.
   */
  evaluateMany(
    counts: ArrayLike<number>,
    offsets: readonly number[],
    fars: readonly number[],
    out: Float64Array,
  ): void {
    const K = offsets.length, S = this.subjects, G = this.#gA.length, stride = fars.length + 1;
    if (this.#c.length !== (S + 1) * K) this.#c = new Float64Array((S + 1) * K);
    if (this.#P.length !== (G + 1) * K) this.#P = new Float64Array((G + 1) * K);
    const c = this.#c, P = this.#P;
    for (let k = 0; k < K; k++) {
      const o = offsets[k]!;
      for (let s = 0; s < S; s++) c[s * K + k] = counts[o + s]!;
      c[S * K + k] = 1;
    }
    // Genuine prefix weights along the descending order.
    const gA = this.#gA, gB = this.#gB;
    for (let k = 0; k < K; k++) P[k] = 0;
    for (let g = 0; g < G; g++) {
      const a = gA[g]! * K, b = gB[g]! * K, base = g * K;
      for (let k = 0; k < K; k++) P[base + K + k] = P[base + k]! + c[a + k]! * c[b + k]!;
    }
    // Total impostor weight over the distinct subject pairs.
    const uA = this.#uA, uB = this.#uB, uN = this.#uN;
    const WI = new Float64Array(K);
    if (K === 4) {
      let w0 = 0, w1 = 0, w2 = 0, w3 = 0;
      for (let u = 0; u < uN.length; u++) {
        const a = uA[u]! * 4, b = uB[u]! * 4, n = uN[u]!;
        w0 += n * c[a]! * c[b]!;
        w1 += n * c[a + 1]! * c[b + 1]!;
        w2 += n * c[a + 2]! * c[b + 2]!;
        w3 += n * c[a + 3]! * c[b + 3]!;
      }
      WI.set([w0, w1, w2, w3]);
    } else {
      for (let u = 0; u < uN.length; u++) {
        const a = uA[u]! * K, b = uB[u]! * K, n = uN[u]!;
        for (let k = 0; k < K; k++) WI[k]! += n * c[a + k]! * c[b + k]!;
      }
    }
    const auc = this.#auc(K, WI);
    this.#tars(fars, K, WI, stride, out);
    for (let k = 0; k < K; k++) {
      const WG = P[G * K + k]!;
      out[k * stride + fars.length] = WG === 0 || WI[k] === 0 ? NaN : auc[k]! / (WG * WI[k]!);
    }
  }

  /**
   * The per-subject sums of the AUC's delta-method influence (placements of every pair
   * with every count 1), for {@linkcode influenceStandardError}: a genuine pair's placement
   * is the fraction of impostors below it, an impostor's the fraction of genuine pairs
   * above it, ties ½ in both.
   */
  aucInfluence(): AucInfluence {
    const S = this.subjects, gKeys = this.#gKeys, iKeys = this.#iKeys;
    const G = gKeys.length, I = iKeys.length;
    const out: AucInfluence = {
      genuine: new Float64Array(S),
      genuineCount: new Float64Array(S),
      impostor: new Float64Array(S),
      impostorCount: new Float64Array(S),
    };
    // Both lists descend: j and e bound the impostors above and tied with genuine g.
    for (let g = 0, j = 0, e = 0; g < G; g++) {
      const key = gKeys[g]!, s = this.#gA[g]!;
      while (j < I && iKeys[j]! > key) j++;
      if (e < j) e = j;
      while (e < I && iKeys[e] === key) e++;
      out.genuine[s]! += (I - e + 0.5 * (e - j)) / I;
      out.genuineCount[s]!++;
    }
    for (let i = 0, r = 0, e = 0; i < I; i++) {
      const key = iKeys[i]!, a = this.#iA[i]!, b = this.#iB[i]!;
      while (r < G && gKeys[r]! > key) r++;
      if (e < r) e = r;
      while (e < G && gKeys[e] === key) e++;
      const place = (r + 0.5 * (e - r)) / G;
      out.impostor[a]! += place;
      out.impostor[b]! += place;
      out.impostorCount[a]!++;
      out.impostorCount[b]!++;
    }
    return out;
  }

  /**
   * The second stage of the two-stage bootstrap: TAR at each of `fars` when the subjects
   * are kept (every count 1) and the impostor pairs are resampled, each weighted by a
   * Poisson(1) count. The FAR denominator stays the number of impostors. Pair `i` of the
   * protocol (its index in the constructor's arrays) gets the same count in resample `b`
   * for every set of scores ({@linkcode pairWeight}), so two runs of one protocol are
   * paired. Only the impostors down to the largest target FAR are visited.
   *
   * @returns `values[b · fars.length + t]`.
   */
  pairResamples(
    fars: readonly number[],
    options: { resamples: number; seed: number },
  ): Float64Array {
    const { resamples, seed } = options, m = fars.length;
    const keys = this.#iKeys, pair = this.#iPair, gKeys = this.#gKeys;
    const I = keys.length, G = gKeys.length;
    const P = Float64Array.from({ length: G + 1 }, (_, g) => g);
    const order = Array.from(fars.keys()).sort((x, y) => fars[x]! - fars[y]!);
    const out = new Float64Array(resamples * m);
    for (let b = 0; b < resamples; b++) {
      const walk = new _TarWalk(fars, order, P, 1, 0, I, out.subarray(b * m, (b + 1) * m));
      const stream = _mix(_mix(seed >>> 0) ^ b);
      let r = 0, i = 0;
      while (i < I && !walk.done) {
        const key = keys[i]!;
        let gw = 0;
        do gw += _poisson1(_mix(stream ^ pair[i]!)); while (++i < I && keys[i] === key);
        while (r < G && gKeys[r]! > key) r++;
        let e = r;
        while (e < G && gKeys[e] === key) e++;
        walk.group(gw, r, e);
      }
      walk.finish();
    }
    return out;
  }

  /**
   * TAR at each of `fars` for the K resamples at once: the groups of equal impostor scores
   * are walked once, each resample keeps its own FAR levels (see {@linkcode _TarWalk}).
   */
  #tars(fars: readonly number[], K: number, WI: Float64Array, stride: number, out: Float64Array) {
    const keys = this.#iKeys, iA = this.#iA, iB = this.#iB, c = this.#c, I = keys.length;
    const gKeys = this.#gKeys, P = this.#P, G = gKeys.length;
    const order = Array.from(fars.keys()).sort((x, y) => fars[x]! - fars[y]!);
    const walks: _TarWalk[] = [];
    for (let k = 0; k < K; k++) {
      const walk = new _TarWalk(fars, order, P, K, k, WI[k]!, out.subarray(k * stride));
      if (!walk.done) walks.push(walk);
    }
    const gw = new Float64Array(K);
    let r = 0, i = 0, active = walks.length;
    while (i < I && active > 0) {
      const key = keys[i]!;
      gw.fill(0);
      do {
        const a = iA[i]! * K, b = iB[i]! * K;
        for (let k = 0; k < K; k++) gw[k]! += c[a + k]! * c[b + k]!;
        i++;
      } while (i < I && keys[i] === key);
      while (r < G && gKeys[r]! > key) r++;
      let e = r;
      while (e < G && gKeys[e] === key) e++;
      for (const walk of walks) {
        if (!walk.done && walk.group(gw[walk.k]!, r, e) && walk.done) active--;
      }
    }
    for (const walk of walks) walk.finish();
  }

  /** The AUC numerators Σ_genuine Σ_impostor w·w·[impostor below] (ties ½) of K resamples. */
  #auc(K: number, WI: Float64Array): Float64Array {
    const iA = this.#iA, iB = this.#iB, rank = this.#iRank, P = this.#P, c = this.#c;
    const acc = new Float64Array(K), accW = new Float64Array(K);
    const end = this.#prefix;
    if (K === 4) {
      // Unrolled: the hot loop of the whole bootstrap (every impostor above the lowest genuine).
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < end; i++) {
        const a = iA[i]! * 4, b = iB[i]! * 4, r = rank[i]! * 4;
        const w0 = c[a]! * c[b]!, w1 = c[a + 1]! * c[b + 1]!;
        const w2 = c[a + 2]! * c[b + 2]!, w3 = c[a + 3]! * c[b + 3]!;
        s0 += w0;
        s1 += w1;
        s2 += w2;
        s3 += w3;
        a0 += w0 * P[r]!;
        a1 += w1 * P[r + 1]!;
        a2 += w2 * P[r + 2]!;
        a3 += w3 * P[r + 3]!;
      }
      acc.set([a0, a1, a2, a3]);
      accW.set([s0, s1, s2, s3]);
    } else {
      for (let i = 0; i < end; i++) {
        const a = iA[i]! * K, b = iB[i]! * K, r = rank[i]! * K;
        for (let k = 0; k < K; k++) {
          const w = c[a + k]! * c[b + k]!;
          accW[k]! += w;
          acc[k]! += w * P[r + k]!;
        }
      }
    }
    const ties = this.#ties, tieEnd = this.#tieEnd;
    for (let t = 0; t < ties.length; t++) {
      const i = ties[t]!, a = iA[i]! * K, b = iB[i]! * K;
      const r = rank[i]! * K, e = tieEnd[t]! * K;
      for (let k = 0; k < K; k++) acc[k]! += 0.5 * c[a + k]! * c[b + k]! * (P[e + k]! - P[r + k]!);
    }
    const G = this.#gA.length;
    for (let k = 0; k < K; k++) acc[k]! += P[G * K + k]! * (WI[k]! - accW[k]!);
    return acc;
  }
}

/**
 * The Poisson(1) count of protocol pair `pair` in pair-level resample `resample` of seed
 * `seed`: `_poisson1(mix(mix(mix(seed) ^ resample) ^ pair))`, mix being murmur3's 32-bit
 * finaliser. Deterministic on every platform (tools/make_score_interval_reference.py
 * mirrors it).
 */
export function pairWeight(seed: number, resample: number, pair: number): number {
  return _poisson1(_mix(_mix(_mix(seed >>> 0) ^ resample) ^ pair));
}

/** murmur3's fmix32. */
function _mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Poisson(1) by inversion of a uniform `u / 2³²`: the first k whose CDF exceeds it. */
function _poisson1(u: number): number {
  let k = 0;
  while (k < _POISSON1_CDF.length && u >= _POISSON1_CDF[k]!) k++;
  return k;
}

/** The Poisson(1) CDF at 0 … 19, times 2³² (exact: a power of two). */
const _POISSON1_CDF: Float64Array = (() => {
  const out = new Float64Array(20);
  let p = Math.exp(-1), cdf = p;
  for (let k = 0; k < 20; k++) {
    out[k] = cdf * 4294967296;
    p /= k + 1;
    cdf += p;
  }
  return out;
})();

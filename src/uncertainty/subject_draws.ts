/** The subjects drawn by a subjects bootstrap: one row of counts per resample. */
export interface SubjectDraws {
  /** Number of subjects S (the length of each row). */
  subjects: number;
  /** Number of resamples B. */
  resamples: number;
  /** The seed the draws came from. */
  seed: number;
  /**
   * `counts[b * subjects + s]`: how many times subject `s` was drawn in resample `b`.
   * Each row sums to `subjects`.
   */
  counts: Uint32Array;
}

/** Options of {@linkcode drawSubjects}. */
export interface DrawSubjectsOptions {
  /** Number of resamples. Default 1000. */
  resamples?: number;
  /** Seed of the generator (an unsigned 32-bit integer). Default 1. */
  seed?: number;
  /**
   * A stratum per subject (any integers): each resample then draws, for every stratum,
   * as many subjects as it holds from among its own, so every stratum keeps its size.
   * Default: one stratum (the plain subjects bootstrap).
   */
  strata?: ArrayLike<number>;
}

/**
 * Draws S subjects with replacement, B times: the resampling of the "subsets bootstrap"
 * (Bolle, Ratha and Pankanti, 2004). Deterministic for a given seed, on every platform:
 * the generator is xoshiro128** seeded through splitmix32, and a draw is
 * `floor(u · S)` of a uniform `u` made from one 32-bit output. With `strata`, the strata
 * are drawn in increasing order, each as `members[floor(u · n)]` over its n members in
 * subject order (one stratum gives the plain draws, value for value). A stratified
 * bootstrap (A. C. Davison and D. V. Hinkley, _Bootstrap Methods and their Application_,
 * 1997, §3.2) reproduces a design that fixed the strata's sizes.
 *
 * @param subjects Number of subjects S ≥ 1.
 * @param options See {@linkcode DrawSubjectsOptions}.
 * @throws {RangeError} When S or the number of resamples is not a whole number ≥ 1, or
 *   the seed is not an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { drawSubjects } from "./subject_draws.ts";
 * const draws = drawSubjects(4, { resamples: 2, seed: 7 });
 * assert.equal(draws.counts.length, 8);
 * assert.equal(draws.counts.subarray(0, 4).reduce((a, b) => a + b), 4);
 * ```
 */
export function drawSubjects(subjects: number, options: DrawSubjectsOptions = {}): SubjectDraws {
  const { resamples = 1000, seed = 1 } = options;
  if (!Number.isInteger(subjects) || subjects < 1) {
    throw new RangeError(`Cannot draw from ${subjects} subjects: expected a whole number ≥ 1`);
  }
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`Cannot draw ${resamples} resamples: expected a whole number ≥ 1`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(
      `Cannot seed the bootstrap with ${seed}: expected an integer in [0, 2^32)`,
    );
  }
  const groups = _strata(subjects, options.strata);
  const next = _xoshiro128ss(seed);
  const counts = new Uint32Array(subjects * resamples);
  for (let b = 0; b < resamples; b++) {
    const base = b * subjects;
    for (const members of groups) {
      const n = members.length;
      for (let i = 0; i < n; i++) {
        counts[base + members[Math.floor((next() / 4294967296) * n)]!]!++;
      }
    }
  }
  return { subjects, resamples, seed, counts };
}

/** The members of each stratum, strata in increasing order, members in subject order. */
function _strata(subjects: number, strata?: ArrayLike<number>): Int32Array[] {
  if (strata === undefined) return [Int32Array.from({ length: subjects }, (_, s) => s)];
  if (strata.length !== subjects) {
    throw new RangeError(
      `Cannot stratify ${subjects} subjects with ${strata.length} strata: expected one per subject`,
    );
  }
  const members = new Map<number, number[]>();
  for (let s = 0; s < subjects; s++) {
    const k = strata[s]!;
    if (!Number.isInteger(k)) {
      throw new RangeError(`Cannot stratify by ${k} (subject ${s}): expected an integer`);
    }
    const list = members.get(k);
    if (list) list.push(s);
    else members.set(k, [s]);
  }
  return [...members.keys()].sort((x, y) => x - y).map((k) => Int32Array.from(members.get(k)!));
}

/** xoshiro128** with its state filled by splitmix32 from `seed`; returns uint32 values. */
export function _xoshiro128ss(seed: number): () => number {
  let z = seed >>> 0;
  const splitmix = () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z ^ (z >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  return () => {
    const r = Math.imul(_rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = _rotl(d, 11);
    return r;
  };
}

function _rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

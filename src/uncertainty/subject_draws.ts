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
}

/**
 * Draws S subjects with replacement, B times: the resampling of the "subsets bootstrap"
 * (Bolle, Ratha and Pankanti, 2004). Deterministic for a given seed, on every platform:
 * the generator is xoshiro128** seeded through splitmix32, and a draw is
 * `floor(u · S)` of a uniform `u` made from one 32-bit output.
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
  const next = _xoshiro128ss(seed);
  const counts = new Uint32Array(subjects * resamples);
  for (let b = 0; b < resamples; b++) {
    const base = b * subjects;
    for (let i = 0; i < subjects; i++) {
      counts[base + Math.floor((next() / 4294967296) * subjects)]!++;
    }
  }
  return { subjects, resamples, seed, counts };
}

/** xoshiro128** with its state filled by splitmix32 from `seed`; returns uint32 values. */
function _xoshiro128ss(seed: number): () => number {
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

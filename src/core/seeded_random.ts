/**
 * Seeded random numbers in [0, 1) for synthetic data, random weights and fault injection:
 * the same seed always gives the same sequence. Not for anything that needs real
 * randomness.
 */

/**
 * The mulberry32 generator (32-bit state).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mulberry32 } from "./seeded_random.ts";
 * const a = mulberry32(7), b = mulberry32(7);
 * assert.equal(a(), b());
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The xorshift32 generator, used by the IJB-sized synthetic protocols.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { xorshift } from "./seeded_random.ts";
 * const next = xorshift(12345);
 * const x = next();
 * assert.ok(x >= 0 && x < 1);
 * ```
 */
export function xorshift(seed: number): () => number {
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
}

/**
 * Order-preserving keys of float32 scores and a stable LSD radix argsort on them.
 *
 * @module
 */

/** The unsigned key of a float32 whose numeric order is the float order; -0 is +0. */
export function _scoreKey(bits: number): number {
  if (bits === 0x80000000) return 0x80000000;
  return (bits & 0x80000000) !== 0 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/**
 * The indices `idx` reordered so that their keys decrease (stable among equal keys),
 * with the keys in the same order. Three passes of 11 bits; linear time.
 */
export function _argsortDescending(
  keys: Uint32Array,
  idx: Uint32Array,
): { keys: Uint32Array; idx: Uint32Array } {
  const n = idx.length;
  let k = new Uint32Array(n), i = new Uint32Array(n);
  for (let j = 0; j < n; j++) {
    i[j] = idx[j]!;
    k[j] = ~keys[idx[j]!]! >>> 0; // ascending order of ~key = descending key
  }
  let k2 = new Uint32Array(n), i2 = new Uint32Array(n);
  const count = new Uint32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let j = 0; j < n; j++) count[(k[j]! >>> shift) & 2047]!++;
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const pos = count[(k[j]! >>> shift) & 2047]!++;
      k2[pos] = k[j]!;
      i2[pos] = i[j]!;
    }
    [k, k2] = [k2, k];
    [i, i2] = [i2, i];
  }
  for (let j = 0; j < n; j++) k[j] = ~k[j]! >>> 0;
  return { keys: k, idx: i };
}

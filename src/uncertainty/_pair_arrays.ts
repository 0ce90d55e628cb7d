/**
 * Compact per-pair arrays of `VerificationBootstrap`: gathers and distinct subject pairs.
 *
 * @module
 */

/** Subject indices: 16-bit when S < 65535, else 32-bit. */
export type _Ints = Uint16Array | Int32Array;

/** `values[idx[i]]` for every i, as `Type`. */
export function _gather(
  Type: Uint16ArrayConstructor | Int32ArrayConstructor,
  idx: Uint32Array,
  values: Int32Array,
): _Ints {
  const out = new Type(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = values[idx[i]!]!;
  return out;
}

/**
 * The distinct unordered pairs {x, y} of `xs[i]`, `ys[i]` (values below `n`) and their
 * counts: a dense count table when n² is small enough, a Map otherwise.
 */
export function _distinctPairs(xs: _Ints, ys: _Ints, n: number) {
  const code = (i: number) => {
    const x = xs[i]!, y = ys[i]!;
    return x < y ? x * n + y : y * n + x;
  };
  const x: number[] = [], y: number[] = [], counts: number[] = [];
  if (n * n <= 1 << 25) {
    const table = new Uint32Array(n * n);
    for (let i = 0; i < xs.length; i++) table[code(i)]!++;
    for (let k = 0; k < table.length; k++) {
      if (table[k] === 0) continue;
      x.push(Math.floor(k / n));
      y.push(k % n);
      counts.push(table[k]!);
    }
  } else {
    const map = new Map<number, number>();
    for (let i = 0; i < xs.length; i++) map.set(code(i), (map.get(code(i)) ?? 0) + 1);
    for (const [k, count] of map) {
      x.push(Math.floor(k / n));
      y.push(k % n);
      counts.push(count);
    }
  }
  return { x: Uint32Array.from(x), y: Uint32Array.from(y), n: Float64Array.from(counts) };
}

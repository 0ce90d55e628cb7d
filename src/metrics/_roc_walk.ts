/**
 * The two sorted walks behind `rocCurve`: split the scores by label into integer keys,
 * radix-sort each side, then merge from the highest key down, emitting one point per
 * group of equal scores. Labels are assumed to be validated (0 or 1) by the caller.
 *
 * @module
 */

import {
  _f32BitsNonFinite,
  _f32BitsOfKey,
  _f64HiNonFinite,
  _keyOfF32Bits,
  _putKeyOfF64Words,
  _radixSort32,
  _radixSort64,
} from "./_radix_sort.ts";
import { _RocBuilder, type _RocPoints } from "./_roc_builder.ts";

const _LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function _nonFinite(i: number, value: number): RangeError {
  return new RangeError(
    `Cannot compute a ROC curve as score ${i} is ${value}: expected finite scores`,
  );
}

/**
 * Walks float32 scores. `float64Top` computes the prepended threshold in float64 (for
 * float64 scores that all happen to be float32 values) instead of float32.
 */
export function _walk32(
  scores: Float32Array,
  labels: Uint8Array,
  genuine: number,
  float64Top: boolean,
): _RocPoints {
  const n = scores.length;
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, n);
  const g = new Uint32Array(genuine);
  const m = new Uint32Array(n - genuine);
  let gi = 0, mi = 0;
  for (let i = 0; i < n; i++) {
    const b = bits[i]!;
    if (_f32BitsNonFinite(b)) throw _nonFinite(i, scores[i]!);
    if (labels[i] === 1) g[gi++] = _keyOfF32Bits(b);
    else m[mi++] = _keyOfF32Bits(b);
  }
  const gs = _radixSort32(g, new Uint32Array(g.length));
  const ms = _radixSort32(m, new Uint32Array(m.length));
  const wordBits = new Uint32Array(1);
  const wordFloat = new Float32Array(wordBits.buffer);
  const builder = new _RocBuilder(n + 1);
  let i = gs.length - 1, j = ms.length - 1, tp = 0, fp = 0;
  while (i >= 0 || j >= 0) {
    const kg = i >= 0 ? gs[i]! : -1;
    const km = j >= 0 ? ms[j]! : -1;
    const key = kg > km ? kg : km;
    while (i >= 0 && gs[i] === key) {
      tp++;
      i--;
    }
    while (j >= 0 && ms[j] === key) {
      fp++;
      j--;
    }
    wordBits[0] = _f32BitsOfKey(key);
    builder.push(fp, tp, wordFloat[0]!);
  }
  const top = builder.firstThreshold + 1;
  return builder.finish(float64Top ? top : Math.fround(top));
}

/**
 * Walks float64 scores. When every score is a float32 value the float32 walk is used on
 * a float32 copy (same groups, 2× fewer key words); otherwise 64-bit keys are sorted.
 */
export function _walk64(scores: Float64Array, labels: Uint8Array, genuine: number): _RocPoints {
  if (_allFloat32(scores)) return _walk32(Float32Array.from(scores), labels, genuine, true);
  const n = scores.length;
  const words = new Uint32Array(scores.buffer, scores.byteOffset, 2 * n);
  const [H, L] = _LITTLE_ENDIAN ? [1, 0] : [0, 1];
  const gHi = new Uint32Array(genuine), gLo = new Uint32Array(genuine);
  const mHi = new Uint32Array(n - genuine), mLo = new Uint32Array(n - genuine);
  let gi = 0, mi = 0;
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + H]!, lo = words[2 * i + L]!;
    if (_f64HiNonFinite(hi)) throw _nonFinite(i, scores[i]!);
    if (labels[i] === 1) _putKeyOfF64Words(hi, lo, gHi, gLo, gi++);
    else _putKeyOfF64Words(hi, lo, mHi, mLo, mi++);
  }
  const [gsHi, gsLo] = _radixSort64(gHi, gLo, new Uint32Array(genuine), new Uint32Array(genuine));
  const [msHi, msLo] = _radixSort64(mHi, mLo, new Uint32Array(mi), new Uint32Array(mi));
  const pair = new Uint32Array(2);
  const value = new Float64Array(pair.buffer);
  const builder = new _RocBuilder(n + 1);
  let i = genuine - 1, j = mi - 1, tp = 0, fp = 0;
  while (i >= 0 || j >= 0) {
    const gh = i >= 0 ? gsHi[i]! : -1, gl = i >= 0 ? gsLo[i]! : -1;
    const mh = j >= 0 ? msHi[j]! : -1, ml = j >= 0 ? msLo[j]! : -1;
    const takeG = gh > mh || (gh === mh && gl >= ml);
    const kh = takeG ? gh : mh, kl = takeG ? gl : ml;
    while (i >= 0 && gsHi[i] === kh && gsLo[i] === kl) {
      tp++;
      i--;
    }
    while (j >= 0 && msHi[j] === kh && msLo[j] === kl) {
      fp++;
      j--;
    }
    const neg = (kh & 0x80000000) === 0;
    pair[H] = neg ? ~kh >>> 0 : (kh ^ 0x80000000) >>> 0;
    pair[L] = neg ? ~kl >>> 0 : kl;
    builder.push(fp, tp, value[0]!);
  }
  return builder.finish(builder.firstThreshold + 1);
}

function _allFloat32(scores: Float64Array): boolean {
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (Math.fround(v) !== v) return false;
  }
  return true;
}

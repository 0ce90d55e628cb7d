/**
 * Converts IEEE 754 half-precision values (as raw 16-bit patterns) to float32, exactly:
 * normals, subnormals, ±0, ±Infinity and NaN (its payload kept in the high mantissa bits),
 * as numpy's `astype(np.float32)` does.
 */
export function _halfToFloat(src: Uint16Array, dst: Float32Array): void {
  const bits = new Uint32Array(dst.buffer, dst.byteOffset, dst.length);
  const table = _HALF_TABLE;
  for (let i = 0; i < src.length; i++) bits[i] = table[src[i]!]!;
}

/** The float32 bit pattern of one half-precision bit pattern. */
export function _halfBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  let e = 113;
  while ((mant & 0x400) === 0) {
    mant <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mant & 0x3ff) << 13)) >>> 0;
}

/** The float32 bit pattern of every half-precision bit pattern (256 KiB, built once). */
const _HALF_TABLE: Uint32Array = Uint32Array.from({ length: 65536 }, (_, h) => _halfBits(h));

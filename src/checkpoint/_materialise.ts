/**
 * Gathers a strided tensor view out of its storage bytes into a contiguous row-major
 * Float32Array, as `tensor.contiguous().float()` does in PyTorch. float16 and bfloat16
 * convert exactly; float64 and int64 round to the nearest float32.
 *
 * @module
 */
import { DTYPE_BYTES } from "./tensor_ref.ts";
import type { TensorDtype, TensorRef } from "./tensor_ref.ts";

/** The storage elements `[first, end)` a view touches (empty when it has no elements). */
export function storageSpan(ref: TensorRef): { first: number; end: number } {
  if (ref.numel === 0) return { first: ref.offset, end: ref.offset };
  let first = ref.offset;
  let last = ref.offset;
  ref.shape.forEach((size, d) => {
    const step = (size - 1) * (ref.stride[d] ?? 0);
    if (step < 0) first += step;
    else last += step;
  });
  return { first, end: last + 1 };
}

/**
 * Converts the view `ref` to float32, given `bytes` holding storage elements from
 * `first` on (as returned by {@linkcode storageSpan}).
 */
export function gatherFloat32(
  ref: TensorRef,
  bytes: Uint8Array,
  options: { first: number; littleEndian: boolean },
): Float32Array {
  const n = ref.numel;
  const out = new Float32Array(n);
  if (n === 0) return out;
  const itemBytes = DTYPE_BYTES[ref.dtype];
  const base = ref.offset - options.first;
  const contiguous = _isContiguous(ref.shape, ref.stride);
  if (
    contiguous && ref.dtype === "float32" && options.littleEndian &&
    (bytes.byteOffset + base * 4) % 4 === 0
  ) {
    out.set(new Float32Array(bytes.buffer, bytes.byteOffset + base * 4, n));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = _reader(ref.dtype, view, options.littleEndian);
  if (contiguous) {
    for (let i = 0; i < n; i++) out[i] = read((base + i) * itemBytes);
    return out;
  }
  const rank = ref.shape.length;
  const index = new Array<number>(rank).fill(0);
  let source = base;
  for (let i = 0; i < n; i++) {
    out[i] = read(source * itemBytes);
    for (let d = rank - 1; d >= 0; d--) {
      const stride = ref.stride[d] as number;
      const size = ref.shape[d] as number;
      const next = (index[d] as number) + 1;
      if (next < size) {
        index[d] = next;
        source += stride;
        break;
      }
      source -= stride * (size - 1);
      index[d] = 0;
    }
  }
  return out;
}

function _isContiguous(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if ((shape[d] as number) !== 1 && stride[d] !== expected) return false;
    expected *= shape[d] as number;
  }
  return true;
}

function _reader(dtype: TensorDtype, v: DataView, le: boolean): (at: number) => number {
  switch (dtype) {
    case "float32":
      return (at) => v.getFloat32(at, le);
    case "float16":
      return (at) => halfToFloat(v.getUint16(at, le));
    case "bfloat16": {
      const scratch = new DataView(new ArrayBuffer(4));
      return (at) => {
        scratch.setUint32(0, v.getUint16(at, le) << 16);
        return scratch.getFloat32(0);
      };
    }
    case "float64":
      return (at) => v.getFloat64(at, le);
    case "int64":
      return (at) => Number(v.getBigInt64(at, le));
    case "int32":
      return (at) => v.getInt32(at, le);
    case "uint8":
      return (at) => v.getUint8(at);
    case "bool":
      return (at) => (v.getUint8(at) === 0 ? 0 : 1);
  }
}

/** IEEE 754 binary16 bits → number, exactly (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

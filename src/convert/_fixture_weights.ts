/**
 * Test helper: reads the weights written by tools/backbone/make_reference.py
 * (`<name>.bin` + `<name>.json`, float16 strided views and float32 tensors) as a lookup.
 */
import type { Weights } from "./weights.ts";

interface _Entry {
  dtype: "float16" | "float32";
  byteOffset: number;
  shape: number[];
  strides: number[];
}

/** The fixture directory, relative to this file. */
export const _FIXTURES = new URL("../../fixtures/backbone/", import.meta.url);

/** Loads fixture `name` as `{ weights, keys }`; values are gathered and upcast on demand. */
export async function _loadFixtureWeights(
  name: string,
): Promise<{ weights: Weights; keys: string[] }> {
  const index = JSON.parse(
    await Deno.readTextFile(new URL(`${name}.json`, _FIXTURES)),
  ) as Record<string, _Entry>;
  const bytes = await Deno.readFile(new URL(`${name}.bin`, _FIXTURES));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const halfs = Float32Array.from({ length: 65536 }, (_, h) => _half(h));
  const cache = new Map<string, Float32Array>();
  const weights: Weights = (key) => {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const entry = index[key];
    if (entry === undefined) throw new TypeError(`Cannot find ${key} in ${name}.json`);
    const { shape, strides } = entry;
    const size = shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(size);
    const item = entry.dtype === "float16" ? 2 : 4;
    // Walk the view in row-major order with an odometer over the dimensions.
    const counter = new Array<number>(shape.length).fill(0);
    let offset = 0;
    for (let flat = 0; flat < size; flat++) {
      const at = entry.byteOffset + offset * item;
      out[flat] = item === 2 ? halfs[view.getUint16(at, true)]! : view.getFloat32(at, true);
      for (let d = shape.length - 1; d >= 0; d--) {
        offset += strides[d]!;
        if (++counter[d]! < shape[d]!) break;
        offset -= strides[d]! * shape[d]!;
        counter[d] = 0;
      }
    }
    cache.set(key, out);
    return out;
  };
  return { weights, keys: Object.keys(index) };
}

/** IEEE 754 binary16 → number. */
function _half(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

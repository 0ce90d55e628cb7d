/**
 * A plain lookup of float32 weights by checkpoint key, so the CAFace graph builders do not
 * depend on how a checkpoint is read.
 */

/**
 * Returns the float32 values of the tensor `key` (e.g. `"aggregator.norm_emb.pe"`), checking
 * that its shape is `shape`. Throws a RangeError for a missing key and a TypeError for a
 * wrong shape.
 */
export type Weights = (key: string, shape: readonly number[]) => Float32Array;

/** One stored tensor: its shape and row-major float32 values. */
export interface WeightTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Options for {@linkcode weightLookup}. */
export interface WeightLookupOptions {
  /** Name of the source shown in error messages. Default `"weights"`. */
  source?: string;
}

/**
 * Wraps a map of tensors as a {@linkcode Weights} lookup.
 *
 * Scalars are lenient: a tensor of one value matches any requested shape of one value
 * (`[]`, `[1]`, `[1, 1]`), because checkpoints store learned scalars either way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { weightLookup } from "./weights.ts";
 * const w = weightLookup(new Map([["a", { shape: [2], data: new Float32Array([1, 2]) }]]));
 * assert.equal(w("a", [2])[1], 2);
 * ```
 */
export function weightLookup(
  tensors: ReadonlyMap<string, WeightTensor>,
  options: WeightLookupOptions = {},
): Weights {
  const source = options.source ?? "weights";
  return (key, shape) => {
    const tensor = tensors.get(key);
    if (tensor === undefined) {
      throw new RangeError(`Cannot find weight "${key}" in ${source}: the key is missing`);
    }
    const want = shape.reduce((a, b) => a * b, 1);
    const have = tensor.shape.reduce((a, b) => a * b, 1);
    const same = tensor.shape.length === shape.length &&
      tensor.shape.every((d, i) => d === shape[i]);
    if (!(same || (want === 1 && have === 1)) || tensor.data.length !== have) {
      throw new TypeError(
        `Cannot use weight "${key}" in ${source} of shape [${tensor.shape}]: expected [${shape}]`,
      );
    }
    return tensor.data;
  };
}

/**
 * Reads float32 weights laid out as one little-endian buffer plus an index of
 * `key → {offset (in floats), shape}`, the layout of `fixtures/caface/weights.bin`.
 */
export function weightsFromBuffer(
  buffer: Uint8Array,
  index: Readonly<Record<string, { offset: number; shape: readonly number[] }>>,
  options: WeightLookupOptions = {},
): Weights {
  const floats = new Float32Array(buffer.byteLength / 4);
  new Uint8Array(floats.buffer).set(buffer.subarray(0, floats.length * 4));
  const map = new Map<string, WeightTensor>();
  for (const [key, { offset, shape }] of Object.entries(index)) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (offset < 0 || offset + size > floats.length) {
      throw new RangeError(
        `Cannot read weight "${key}" at float offset ${offset} with ${size} values: the buffer holds ${floats.length}`,
      );
    }
    map.set(key, { shape, data: floats.subarray(offset, offset + size) });
  }
  return weightLookup(map, options);
}

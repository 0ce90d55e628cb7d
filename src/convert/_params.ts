/**
 * Checked access to checkpoint weights plus the BatchNorm folding arithmetic (float64,
 * rounded to float32 once at the end).
 */
import type { Weights } from "./weights.ts";

/** BatchNorm eps used by every BN in these nets (torch default; insightface sets 1e-5 too). */
export const _BN_EPS = 1e-5;

/** Eval-mode BatchNorm as `y = scale·x + shift` per channel. */
export interface _Affine {
  readonly scale: Float64Array;
  readonly shift: Float64Array;
}

/** A weight lookup that checks presence and value counts, naming the key on failure. */
export class _Params {
  #weights: Weights;
  #keys: ReadonlySet<string>;
  readonly source: string;

  constructor(weights: Weights, keys: readonly string[], source: string) {
    this.#weights = weights;
    this.#keys = new Set(keys);
    this.source = source;
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  /** The values of `key`, which must hold exactly the product of `shape`. */
  get(key: string, shape: readonly number[]): Float32Array {
    const values = this.#lookup(key, shape);
    const expected = shape.reduce((a, b) => a * b, 1);
    if (values.length !== expected) {
      throw new TypeError(
        `Cannot convert ${this.source}: ${key} has ${values.length} values, expected ${expected} for shape [${shape}]`,
      );
    }
    return values;
  }

  /** The number of values of `key` (used to read channel counts off BatchNorm vectors). */
  size(key: string): number {
    return this.#lookup(key).length;
  }

  /** The raw BatchNorm tensors `[weight, bias, running_mean, running_var]` of `prefix`. */
  bnTensors(prefix: string, channels: number): Float32Array[] {
    return ["weight", "bias", "running_mean", "running_var"].map((name) =>
      this.get(`${prefix}.${name}`, [channels])
    );
  }

  /** BatchNorm `prefix` in eval mode as an affine map; a BN without weight/bias is non-affine. */
  bn(prefix: string, channels: number): _Affine {
    const mean = this.get(`${prefix}.running_mean`, [channels]);
    const variance = this.get(`${prefix}.running_var`, [channels]);
    const affine = this.has(`${prefix}.weight`) || this.has(`${prefix}.bias`);
    const gamma = affine ? this.get(`${prefix}.weight`, [channels]) : undefined;
    const beta = affine ? this.get(`${prefix}.bias`, [channels]) : undefined;
    const scale = new Float64Array(channels);
    const shift = new Float64Array(channels);
    for (let c = 0; c < channels; c++) {
      const s = (gamma?.[c] ?? 1) / Math.sqrt(variance[c]! + _BN_EPS);
      scale[c] = s;
      shift[c] = (beta?.[c] ?? 0) - mean[c]! * s;
    }
    return { scale, shift };
  }

  #lookup(key: string, shape?: readonly number[]): Float32Array {
    if (!this.#keys.has(key)) {
      throw new TypeError(`Cannot convert ${this.source}: missing key ${key}`);
    }
    return this.#weights(key, shape);
  }
}

/**
 * Folds a BatchNorm that follows a bias-free conv or linear layer into it: row `o` of
 * `weight` (all its `weight.length / out` values) is scaled by `bn.scale[o]`, and the bias
 * becomes `scale·bias + shift`.
 */
export function _foldRows(
  weight: Float32Array,
  bias: Float32Array | undefined,
  bn: _Affine,
): { weight: Float32Array; bias: Float32Array } {
  const out = bn.scale.length;
  const inner = weight.length / out;
  const folded = new Float32Array(weight.length);
  const b = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    const s = bn.scale[o]!;
    for (let i = o * inner; i < (o + 1) * inner; i++) folded[i] = weight[i]! * s;
    b[o] = (bias?.[o] ?? 0) * s + bn.shift[o]!;
  }
  return { weight: folded, bias: b };
}

/**
 * The running state of a template across chunks (docs/fusion.md#chunks), computed in float32 with
 * the same operations as the PyTorch reference so results match it to the last bit given
 * the same chunk outputs.
 */
import { CAFACE_DIMS } from "./dims.ts";

const { M, D, F } = CAFACE_DIMS;
const f = Math.fround;
const MIN_TOTAL = f(1e-6);

/** Counts `c` [M], cluster features `CF` [M,F] and cluster styles `CS` [M,D]. */
export class ChunkState {
  readonly counts: Float32Array = new Float32Array(M);
  readonly features: Float32Array = new Float32Array(M * F);
  readonly styles: Float32Array = new Float32Array(M * D);
  /** True once a chunk with at least one image was added. */
  seen = false;

  /** Back to zero. */
  reset(): void {
    this.counts.fill(0);
    this.features.fill(0);
    this.styles.fill(0);
    this.seen = false;
  }

  /**
   * Adds one chunk's outputs (w [M], C [M,F], Cs [M,D], read at the given offsets):
   * `X ← (c·X + w·Xc) / max(c + w, 1e-6)` for X in CF, CS, then `c ← c + w`.
   */
  add(
    w: Float32Array,
    wOffset: number,
    c: Float32Array,
    cOffset: number,
    cs: Float32Array,
    csOffset: number,
  ): void {
    for (let m = 0; m < M; m++) {
      const old = this.counts[m]!;
      const add = w[wOffset + m]!;
      const total = Math.max(f(old + add), MIN_TOTAL);
      _mix(this.features, m * F, F, old, add, c, cOffset + m * F, total);
      _mix(this.styles, m * D, D, old, add, cs, csOffset + m * D, total);
      this.counts[m] = f(old + add);
    }
    this.seen = true;
  }
}

function _mix(
  x: Float32Array,
  at: number,
  n: number,
  old: number,
  add: number,
  y: Float32Array,
  yAt: number,
  total: number,
): void {
  for (let j = 0; j < n; j++) {
    x[at + j] = f(f(f(old * x[at + j]!) + f(add * y[yAt + j]!)) / total);
  }
}

/**
 * Writes `x / (‖x‖ + 1e-8)` of `dim` values at `from` into `out` at `to` (float32, as the
 * reference). A non-finite input stays non-finite.
 */
export function normaliseInto(
  x: Float32Array,
  from: number,
  out: Float32Array,
  to: number,
  dim: number,
): void {
  let sum = 0;
  for (let j = 0; j < dim; j++) sum += x[from + j]! * x[from + j]!;
  const denom = f(f(Math.sqrt(sum)) + 1e-8);
  for (let j = 0; j < dim; j++) out[to + j] = x[from + j]! / denom;
}

/**
 * Layer helpers shared by the CAFace graph builders. Each appends nodes to a
 * {@linkcode GraphBuilder} and returns the name of its output value; initializer names are
 * derived from the checkpoint key so a graph can be read next to the weights.
 */
import { type GraphBuilder, MICROSOFT_DOMAIN } from "../onnx/mod.ts";
import type { Weights } from "./weights.ts";

/** Everything a layer needs: the graph, the weights and the key prefix (`"aggregator."`). */
export interface LayerContext {
  readonly g: GraphBuilder;
  readonly weights: Weights;
  readonly prefix: string;
  /** Initializers already added, by name (a LayerNorm may be used twice). */
  readonly added: Set<string>;
}

/** A layer context over a graph, with no initializers added yet. */
export function layerContext(g: GraphBuilder, weights: Weights, prefix: string): LayerContext {
  return { g, weights, prefix, added: new Set() };
}

/** Initializer name for a checkpoint key. */
function _init(key: string, suffix = ""): string {
  return `${key}${suffix}`.replaceAll(".", "/");
}

/** Adds the float32 tensor `prefix + key` (checked against `shape`) once, as an initializer. */
export function param(ctx: LayerContext, key: string, shape: readonly number[]): string {
  const name = _init(key);
  if (ctx.added.has(name)) return name;
  ctx.added.add(name);
  return ctx.g.float(name, ctx.weights(ctx.prefix + key, shape), shape);
}

/** Adds a float32 scalar constant. */
export function scalar(ctx: LayerContext, value: number): string {
  return ctx.g.float(ctx.g.fresh("const"), [value], []);
}

/** A `[rows, cols]` matrix transposed to `[cols, rows]`. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  }
  return out;
}

/**
 * `x @ Wᵀ + b` for a torch `nn.Linear(inDim → outDim)` stored as `key.weight [out,in]` and
 * `key.bias [out]`. `rows` keeps only output rows `[from, to)` (a slice of a fused qkv);
 * `scale` multiplies weight and bias (use a power of two to stay exact).
 */
export function linear(
  ctx: LayerContext,
  x: string,
  key: string,
  dims: {
    in: number;
    out: number;
    scale?: number;
    rows?: readonly [number, number];
    /** `x` is 2-D: one Gemm (bias inside) instead of MatMul + Add. */
    gemm?: boolean;
  },
): string {
  const full = ctx.weights(`${ctx.prefix}${key}.weight`, [dims.out, dims.in]);
  const bias = ctx.weights(`${ctx.prefix}${key}.bias`, [dims.out]);
  const [from, to] = dims.rows ?? [0, dims.out];
  const scale = dims.scale ?? 1;
  const w = transpose2d(full.subarray(from * dims.in, to * dims.in), to - from, dims.in);
  const b = bias.slice(from, to);
  if (scale !== 1) {
    for (let i = 0; i < w.length; i++) w[i] = w[i]! * scale;
    for (let i = 0; i < b.length; i++) b[i] = b[i]! * scale;
  }
  const suffix = dims.rows ? `_${from}_${to}` : "";
  const wName = ctx.g.float(_init(key, `.weightT${suffix}`), w, [dims.in, to - from]);
  const bName = ctx.g.float(_init(key, `.b${suffix}`), b, [to - from]);
  if (dims.gemm) return ctx.g.op("Gemm", [x, wName, bName]);
  return ctx.g.op("Add", [ctx.g.op("MatMul", [x, wName]), bName]);
}

/** torch `nn.LayerNorm(dim, eps=1e-5)` over the last axis. */
export function layerNorm(ctx: LayerContext, x: string, key: string, dim: number): string {
  return ctx.g.op(
    "LayerNormalization",
    [x, param(ctx, `${key}.weight`, [dim]), param(ctx, `${key}.bias`, [dim])],
    { axis: -1, epsilon: { float: 1e-5 } },
  );
}

/** Exact GELU: `x · 0.5 · (1 + erf(x / √2))`, as torch computes it. */
export function gelu(ctx: LayerContext, x: string): string {
  const { g } = ctx;
  const erf = g.op("Erf", [g.op("Mul", [x, scalar(ctx, Math.SQRT1_2)])]);
  const half = g.op("Mul", [x, scalar(ctx, 0.5)]);
  return g.op("Mul", [half, g.op("Add", [erf, scalar(ctx, 1)])]);
}

/** `fc2(GELU(fc1(x)))`, the MLP used throughout CAFace. */
export function mlp(
  ctx: LayerContext,
  x: string,
  key: string,
  dims: { in: number; hidden: number; out: number; onnxruntime?: boolean },
): string {
  const gemm = dims.onnxruntime;
  const fc1 = linear(ctx, x, `${key}.fc1`, { in: dims.in, out: dims.hidden, gemm });
  // onnxruntime's com.microsoft Gelu is the same exact-erf GELU in one pass.
  const h = dims.onnxruntime
    ? ctx.g.node("Gelu", [fc1], { domain: MICROSOFT_DOMAIN.domain })[0]!
    : gelu(ctx, fc1);
  return linear(ctx, h, `${key}.fc2`, { in: dims.hidden, out: dims.out, gemm });
}

/**
 * Folds an eval-mode BatchNorm into `x · α + β` with α and β computed in float32 exactly as
 * torch 1.13's CPU kernel does (`invstd = 1/√(var+eps)`, `α = invstd·γ`, `β = b − μ·α`),
 * so values such as the norm embedding's index land on the same side of an integer.
 */
export function batchNormEval(
  ctx: LayerContext,
  x: string,
  key: string,
  options: { channels: number; affine: boolean },
): string {
  const c = options.channels;
  const mean = ctx.weights(`${ctx.prefix}${key}.running_mean`, [c]);
  const variance = ctx.weights(`${ctx.prefix}${key}.running_var`, [c]);
  const gamma = options.affine ? ctx.weights(`${ctx.prefix}${key}.weight`, [c]) : undefined;
  const beta = options.affine ? ctx.weights(`${ctx.prefix}${key}.bias`, [c]) : undefined;
  const eps = Math.fround(1e-5);
  const alpha = new Float32Array(c);
  const shift = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    const invstd = Math.fround(1 / Math.fround(Math.sqrt(Math.fround(variance[i]! + eps))));
    alpha[i] = Math.fround(invstd * (gamma?.[i] ?? 1));
    shift[i] = Math.fround((beta?.[i] ?? 0) - Math.fround(mean[i]! * alpha[i]!));
  }
  const dims = c === 1 ? [] : [c];
  const a = ctx.g.float(_init(key, ".alpha"), alpha, dims);
  const b = ctx.g.float(_init(key, ".beta"), shift, dims);
  return ctx.g.op("Add", [ctx.g.op("Mul", [x, a]), b]);
}

/**
 * `group_token` [1,M,D] repeated along a batch dimension taken from `like`'s first axis:
 * returns [B,M,D].
 */
export function expandToBatch(
  ctx: LayerContext,
  token: string,
  like: string,
  rest: readonly number[],
): string {
  const { g } = ctx;
  const batch = g.op("Shape", [like], { start: 0, end: 1 });
  const shape = g.op("Concat", [batch, g.int64(g.fresh("shape"), rest)], { axis: 0 });
  return g.op("Expand", [token, shape]);
}

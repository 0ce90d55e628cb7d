/**
 * Builds `cluster.onnx`, the CAFace Cluster Network run once per chunk (docs/caface-onnx.md#what-the-graphs-compute and
 * #the-contract), from checkpoint weights.
 */
import { GraphBuilder, MICROSOFT_DOMAIN } from "../onnx/mod.ts";
import {
  batchNormEval,
  expandToBatch,
  type LayerContext,
  layerContext,
  layerNorm,
  linear,
  mlp,
  param,
  scalar,
} from "./_layers.ts";
import { CAFACE_DIMS } from "./dims.ts";
import type { Weights } from "./weights.ts";

/** Options for {@linkcode buildClusterGraph}. */
export interface ClusterGraphOptions {
  /** Prefix of the aggregator's keys in the checkpoint. Default `"aggregator."`. */
  prefix?: string;
  /**
   * How the transformer blocks attend over the chunk's images: `"fused"` (default) with
   * onnxruntime's `com.microsoft.MultiHeadAttention`, whose CPU kernel never holds the
   * (N+4)×(N+4) score matrix, so memory is linear in N (the per-token layers then run as 2-D
   * Gemm with `com.microsoft.Gelu`); `"matmul"` with standard ONNX operators only,
   * MatMul–Softmax–MatMul (any runtime, quadratic memory).
   */
  attention?: ClusterAttention;
}

/** See {@linkcode ClusterGraphOptions.attention}. */
export type ClusterAttention = "fused" | "matmul";

const { M, D, F, STYLE } = CAFACE_DIMS;

/**
 * Builds the Cluster Network of CAFace (Kim et al., "Cluster and Aggregate: Face Recognition
 * with Large Probe Set", NeurIPS 2022) as an ONNX model (opset 17, plus onnxruntime's
 * `com.microsoft` domain version 1 with the default fused attention).
 *
 * Inputs `features` [B,N,512] (raw embeddings) and `style` [B,N,64]; outputs `counts`
 * [B,4,1], `cluster_features` [B,4,512], `cluster_styles` [B,4,128] and `assignment`
 * [B,4,N]. B and N are dynamic; each of the B chunks is processed independently (there is no
 * padding mask, so all B chunks must hold exactly N real images). B = 1 is the §6 contract.
 *
 * The norm embedding's index truncates toward zero, built as `Sign(u)·Floor(|u|)` since ONNX
 * has no Trunc; the BatchNorm before it is folded in float32 exactly as torch folds it.
 * Throws whatever `weights` throws for a missing key or a wrong shape.
 */
export function buildClusterGraph(weights: Weights, options: ClusterGraphOptions = {}): Uint8Array {
  const g = new GraphBuilder("caface_cluster");
  const ctx = layerContext(g, weights, options.prefix ?? "aggregator.");
  const features = g.input("features", ["batch", "N", F]);
  const style = g.input("style", ["batch", "N", STYLE]);

  // 1. Norms and unit vectors.
  const norms = g.op("ReduceL2", [features], { axes: [-1], keepdims: 1 });
  const unit = g.op("Div", [features, g.op("Add", [norms, scalar(ctx, 1e-5)])]);
  // 2. Norm embedding, 3. X = cat(S, E).
  const x = g.op("Concat", [style, _normEmbedding(ctx, norms)], { axis: -1 });
  // 4.1-4.3 Cluster tokens appended, two transformer blocks.
  const key = "fusion_net.clustering_layer";
  const token = param(ctx, `${key}.group_token`, [1, M, D]);
  const h0 = g.op("Concat", [x, expandToBatch(ctx, token, features, [M, D])], { axis: 1 });
  const attention = options.attention ?? "fused";
  // The fused form runs the per-token layers on [B·(N+4), 128] (Gemm with its bias inside)
  // and only the attention on [B, N+4, 128].
  const shape3d = g.op("Shape", [h0]);
  let h = attention === "fused" ? g.op("Reshape", [h0, g.int64(g.fresh("shape"), [-1, D])]) : h0;
  for (const b of [0, 1]) h = _block(ctx, h, `${key}.blocks.${b}`, attention, shape3d);
  if (attention === "fused") h = g.op("Reshape", [h, shape3d]);
  // 4.4 K = H[:, :N] (the updated cluster tokens are discarded).
  const k = g.op("Slice", [
    h,
    g.int64(g.fresh("s"), [0]),
    g.int64(g.fresh("e"), [-M]),
    g.int64(g.fresh("a"), [1]),
  ]);
  // 4.5 Assignment: softmax over M of q kᵀ / √128.
  const cb = `${key}.cluster_block`;
  const gHat = layerNorm(ctx, token, `${cb}.norm_tokens`, D);
  const kHat = layerNorm(ctx, k, `${cb}.norm_x`, D);
  const q = linear(ctx, gHat, `${cb}.assign.q_proj`, { in: D, out: D });
  const kk = linear(ctx, kHat, `${cb}.assign.k_proj`, { in: D, out: D });
  const logits = g.op("Div", [
    g.op("MatMul", [q, g.op("Transpose", [kk], { perm: [0, 2, 1] })]),
    scalar(ctx, Math.sqrt(D)),
  ]);
  g.node("Softmax", [logits], { outputs: ["assignment"], attrs: { axis: 1 } });
  // 4.6 Cluster summaries.
  g.node("ReduceSum", ["assignment", g.int64(g.fresh("axes"), [2])], {
    outputs: ["counts"],
    attrs: { keepdims: 1 },
  });
  const aBar = g.op("Div", ["assignment", g.op("Max", ["counts", scalar(ctx, 1)])]);
  g.node("MatMul", [aBar, unit], { outputs: ["cluster_features"] });
  g.node("MatMul", [aBar, kHat], { outputs: ["cluster_styles"] });
  g.output("counts", ["batch", M, 1]);
  g.output("cluster_features", ["batch", M, F]);
  g.output("cluster_styles", ["batch", M, D]);
  g.output("assignment", ["batch", M, "N"]);
  return g.toBytes({
    docString:
      "CAFace cluster network (docs/caface-onnx.md#what-the-graphs-compute and #the-contract)",
  });
}

/** §2.2: `scale · pe[trunc(clamp(BN(n), −3, 3) · 10) + 30]`, [B,N,1] → [B,N,64]. */
function _normEmbedding(ctx: LayerContext, norms: string): string {
  const { g } = ctx;
  const u0 = batchNormEval(ctx, norms, "norm_emb.norm_bn", { channels: 1, affine: false });
  const u = g.op("Mul", [g.op("Clip", [u0, scalar(ctx, -3), scalar(ctx, 3)]), scalar(ctx, 10)]);
  const truncated = g.op("Mul", [g.op("Sign", [u]), g.op("Floor", [g.op("Abs", [u])])]);
  const index = g.op("Cast", [g.op("Add", [truncated, scalar(ctx, 30)])], { to: 7 });
  const squeezed = g.op("Squeeze", [index, g.int64(g.fresh("axes"), [2])]);
  const scale = ctx.weights(`${ctx.prefix}norm_emb.scale`, [1])[0]!;
  const pe = ctx.weights(`${ctx.prefix}norm_emb.pe`, [61, 64]);
  const table = pe.map((v) => Math.fround(scale * v));
  const tableName = g.float("norm_emb/scaled_pe", table, [61, 64]);
  return g.op("Gather", [tableName, squeezed], { axis: 0 });
}

/** One pre-norm transformer block (§2.4.3): MHSA 8×16 then MLP 128→512→128. */
function _block(
  ctx: LayerContext,
  h: string,
  key: string,
  attention: ClusterAttention,
  shape3d: string,
): string {
  const { g } = ctx;
  const fused = attention === "fused";
  const x = layerNorm(ctx, h, `${key}.norm1`, D);
  // QKᵀ/4: the 1/4 is folded into q's weights (a power of two, so exact).
  const part = (index: number, scale = 1) => {
    const rows = [index * D, (index + 1) * D] as const;
    const y = linear(ctx, x, `${key}.attn.qkv`, { in: D, out: 3 * D, rows, scale, gemm: fused });
    return fused ? g.op("Reshape", [y, shape3d]) : y;
  };
  const [q, k, v] = [part(0, 0.25), part(1), part(2)];
  const flat = fused
    ? g.op("Reshape", [
      g.node("MultiHeadAttention", [q, k, v], {
        domain: MICROSOFT_DOMAIN.domain,
        attrs: { num_heads: HEADS, scale: { float: 1 } },
      })[0]!,
      g.int64(g.fresh("shape"), [-1, D]),
    ])
    : _matmulAttention(ctx, q, k, v);
  const proj = linear(ctx, flat, `${key}.attn.proj`, { in: D, out: D, gemm: fused });
  const h1 = g.op("Add", [h, proj]);
  const y = mlp(ctx, layerNorm(ctx, h1, `${key}.norm2`, D), `${key}.mlp`, {
    in: D,
    hidden: 4 * D,
    out: D,
    onnxruntime: fused,
  });
  return g.op("Add", [h1, y]);
}

const HEADS = 8;

/** `softmax(q kᵀ) v` over 8 heads of 16 with plain ONNX operators: [B,T,128] each → [B,T,128]. */
function _matmulAttention(ctx: LayerContext, q: string, k: string, v: string): string {
  const { g } = ctx;
  const heads = (y: string, perm: number[]) => {
    const split = g.op("Reshape", [y, g.int64(g.fresh("shape"), [0, 0, HEADS, D / HEADS])]);
    return g.op("Transpose", [split], { perm });
  };
  const scores = g.op("MatMul", [heads(q, [0, 2, 1, 3]), heads(k, [0, 2, 3, 1])]);
  const attn = g.op("Softmax", [scores], { axis: -1 });
  const merged = g.op("Transpose", [g.op("MatMul", [attn, heads(v, [0, 2, 1, 3])])], {
    perm: [0, 2, 1, 3],
  });
  return g.op("Reshape", [merged, g.int64(g.fresh("shape"), [0, 0, D])]);
}

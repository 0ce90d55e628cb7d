/**
 * Builds `aggregate.onnx`, the CAFace Aggregation Network run once per template
 * (docs/caface-onnx.md#what-the-graphs-compute.5 and §6), from checkpoint weights.
 */
import { GraphBuilder } from "../onnx/mod.ts";
import {
  expandToBatch,
  type LayerContext,
  layerContext,
  layerNorm,
  mlp,
  param,
} from "./_layers.ts";
import { CAFACE_DIMS } from "./dims.ts";
import type { Weights } from "./weights.ts";

/** Options for {@linkcode buildAggregateGraph}. */
export interface AggregateGraphOptions {
  /** Prefix of the aggregator's keys in the checkpoint. Default `"aggregator."`. */
  prefix?: string;
}

const { M, D, F } = CAFACE_DIMS;

/**
 * Builds the Aggregation Network of CAFace (Kim et al., NeurIPS 2022) as an ONNX model
 * (opset 17).
 *
 * Inputs `cluster_features` [B,4,512] and `cluster_styles` [B,4,128]; outputs `fused`
 * [B,512] (not normalised) and `weights` [B,4,512] (softmax over the 4 clusters per
 * channel). B is dynamic and the B templates are independent; B = 1 is the §6 contract.
 * Throws whatever `weights` throws for a missing key or a wrong shape.
 */
export function buildAggregateGraph(
  weights: Weights,
  options: AggregateGraphOptions = {},
): Uint8Array {
  const g = new GraphBuilder("caface_aggregate");
  const ctx = layerContext(g, weights, options.prefix ?? "aggregator.");
  const cf = g.input("cluster_features", ["batch", M, F]);
  const cs = g.input("cluster_styles", ["batch", M, D]);
  // 1. Z = cat(G, CS) with the raw group tokens.
  const token = param(ctx, "fusion_net.clustering_layer.group_token", [1, M, D]);
  let z = g.op("Concat", [expandToBatch(ctx, token, cs, [M, D]), cs], { axis: -1 });
  // 2. Two mixer blocks.
  for (const b of [0, 1]) z = _mixer(ctx, z, `fusion_net.conf_mlp.${b}`);
  // 3. Logits, 4. softmax over M per channel.
  const logits = mlp(ctx, z, "fusion_net.conf_mlp.2", { in: 2 * D, hidden: 2 * D, out: F });
  g.node("Softmax", [logits], { outputs: ["weights"], attrs: { axis: 1 } });
  // 5. fused = Σ_m W_m ⊙ CF_m.
  g.node("ReduceSum", [g.op("Mul", ["weights", cf]), g.int64(g.fresh("axes"), [1])], {
    outputs: ["fused"],
    attrs: { keepdims: 0 },
  });
  g.output("fused", ["batch", F]);
  g.output("weights", ["batch", M, F]);
  return g.toBytes({
    docString:
      "CAFace aggregation network (docs/caface-onnx.md#what-the-graphs-compute and #the-contract)",
  });
}

/** One mixer block: one LayerNorm used twice, scalar gate γ, token MLP along M. */
function _mixer(ctx: LayerContext, z: string, key: string): string {
  const { g } = ctx;
  const ln = layerNorm(ctx, z, `${key}.ln`, 2 * D);
  const tokens = g.op("Transpose", [ln], { perm: [0, 2, 1] });
  const mixed = mlp(ctx, tokens, `${key}.tokens_mlp_block`, { in: M, hidden: 2 * M, out: M });
  const y = g.op("Transpose", [mixed], { perm: [0, 2, 1] });
  const gate = param(ctx, `${key}.skip_connect_gate`, [1]);
  const o = g.op("Add", [g.op("Mul", [z, gate]), y]);
  const channels = mlp(ctx, layerNorm(ctx, o, `${key}.ln`, 2 * D), `${key}.channels_mlp_block`, {
    in: 2 * D,
    hidden: D,
    out: 2 * D,
  });
  return g.op("Add", [o, channels]);
}

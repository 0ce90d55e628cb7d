/**
 * Builds the CAFace Style Merge layer (SIM, docs/caface-onnx.md#what-the-graphs-compute) as an ONNX graph, standalone
 * (`style_merge.onnx`) or appended to another graph such as a backbone.
 */
import { GraphBuilder } from "../onnx/mod.ts";
import { batchNormEval, layerContext, linear, param } from "./_layers.ts";
import { CAFACE_DIMS } from "./dims.ts";
import type { Weights } from "./weights.ts";

/** Options for {@linkcode appendStyleMerge} and {@linkcode buildStyleMergeGraph}. */
export interface StyleMergeOptions {
  /** Prefix of the aggregator's keys in the checkpoint. Default `"aggregator."`. */
  prefix?: string;
}

const { STATS, STYLE } = CAFACE_DIMS;

/**
 * Appends the SIM to `g`: `stats` names a [B,384,2] value of per-channel (mean, unbiased
 * std), stage-2 channels first; returns the name of the [B,64] style value.
 *
 * Computes `z_c = cfc[c,0]·mean_c + cfc[c,1]·std_c`, PReLU (one slope), Linear(384→64) and
 * an eval-mode BatchNorm1d(64). Initializer names start with `style_maker/`, so call it once
 * per graph. Throws whatever `weights` throws for a missing key or a wrong shape.
 *
 * @example
 * ```ts ignore
 * const style = appendStyleMerge(backbone, statsValue, weights);
 * backbone.node("Identity", [style], { outputs: ["style"] });
 * ```
 */
export function appendStyleMerge(
  g: GraphBuilder,
  stats: string,
  weights: Weights,
  options: StyleMergeOptions = {},
): string {
  const ctx = layerContext(g, weights, options.prefix ?? "aggregator.");
  const key = "style_maker";
  const cfc = param(ctx, `${key}.cfc`, [STATS, 2]);
  const z = g.op("ReduceSum", [g.op("Mul", [stats, cfc]), g.int64(g.fresh("axes"), [2])], {
    keepdims: 0,
  });
  const act = g.op("PRelu", [z, param(ctx, `${key}.relu.weight`, [1])]);
  const y = linear(ctx, act, `${key}.linear`, { in: STATS, out: STYLE });
  return batchNormEval(ctx, y, `${key}.bn`, { channels: STYLE, affine: true });
}

/**
 * Builds `style_merge.onnx`: input `style_stats` [B,384,2] → output `style` [B,64], B
 * dynamic. See {@linkcode appendStyleMerge}.
 */
export function buildStyleMergeGraph(
  weights: Weights,
  options: StyleMergeOptions = {},
): Uint8Array {
  const g = new GraphBuilder("caface_style_merge");
  const stats = g.input("style_stats", ["batch", STATS, 2]);
  const style = appendStyleMerge(g, stats, weights, options);
  g.node("Identity", [style], { outputs: ["style"] });
  g.output("style", ["batch", STYLE]);
  return g.toBytes({
    docString: "CAFace style merge layer, SIM (docs/caface-onnx.md#what-the-graphs-compute)",
  });
}

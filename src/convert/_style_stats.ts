/**
 * CAFace style statistics of backbone feature maps (docs/caface-onnx.md#what-the-graphs-compute), appended to a backbone
 * graph; the Style Merge layer itself is src/caface's `appendStyleMerge`.
 */
import type { GraphBuilder } from "../onnx/mod.ts";

/** A feature map tapped from the backbone: value name, channels and spatial side. */
export interface _Tap {
  readonly value: string;
  readonly channels: number;
  readonly side: number;
}

/** Per-channel statistics of the taps, concatenated in tap order: both [B, Σ channels]. */
export interface _StyleStats {
  readonly mean: string;
  readonly std: string;
  readonly channels: number;
}

/** Prefix of the aggregator weights in a CAFace checkpoint. */
export const _AGGREGATOR = "aggregator.";

/** Prefix of the SIM weights in a CAFace checkpoint. */
export const _STYLE_MAKER = `${_AGGREGATOR}style_maker`;

/**
 * Appends the per-channel mean and unbiased std (÷ (H·W − 1)) over spatial positions of each
 * tap, concatenated along channels (first tap first).
 */
export function _appendStyleStats(g: GraphBuilder, taps: readonly _Tap[]): _StyleStats {
  const means: string[] = [];
  const stds: string[] = [];
  for (const tap of taps) {
    const mean4 = g.op("ReduceMean", [tap.value], { axes: [2, 3], keepdims: 1 });
    const centred = g.op("Sub", [tap.value, mean4]);
    const squares = g.op("ReduceSumSquare", [centred], { axes: [2, 3], keepdims: 0 });
    const denom = g.float(g.fresh("hw_minus_1"), [tap.side * tap.side - 1], []);
    stds.push(g.op("Sqrt", [g.op("Div", [squares, denom])]));
    means.push(g.op("Flatten", [mean4], { axis: 1 }));
  }
  const channels = taps.reduce((a, t) => a + t.channels, 0);
  const join = (parts: string[]) =>
    parts.length === 1 ? parts[0]! : g.op("Concat", parts, { axis: 1 });
  return { mean: join(means), std: join(stds), channels };
}

/** Appends `name` = stack(mean, std) as [B, C, 2]. */
export function _appendStackedStats(g: GraphBuilder, stats: _StyleStats, name: string): string {
  const axis = g.int64(g.fresh("axis"), [2]);
  const mean = g.op("Unsqueeze", [stats.mean, axis]);
  const std = g.op("Unsqueeze", [stats.std, axis]);
  return g.node("Concat", [mean, std], { outputs: [name], attrs: { axis: 2 } })[0]!;
}

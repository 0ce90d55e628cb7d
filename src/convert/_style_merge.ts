/**
 * CAFace style statistics and a local Style Merge layer (SIM), appended to a backbone graph.
 *
 * The SIM here is a stand-in until src/caface exports its own; both follow CAFACE.md §1.
 */
import type { GraphBuilder } from "../onnx/mod.ts";
import { _foldRows, type _Params } from "./_params.ts";

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

/** Prefix of the SIM weights in a CAFace checkpoint. */
export const _STYLE_MAKER = "aggregator.style_maker";

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

/**
 * Appends the SIM and returns `name` = style [B, D]:
 * `z_c = cfc[c,0]·mean_c + cfc[c,1]·std_c` → PReLU (one shared slope) → Linear(C→D) →
 * BatchNorm1d(D) in eval mode (eps 1e-5, folded into the linear layer).
 */
export function _appendStyleMerge(
  g: GraphBuilder,
  params: _Params,
  stats: _StyleStats,
  name: string,
): string {
  const c = stats.channels;
  const cfc = params.get(`${_STYLE_MAKER}.cfc`, [c, 2]);
  const c0 = new Float32Array(c);
  const c1 = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    c0[i] = cfc[2 * i]!;
    c1[i] = cfc[2 * i + 1]!;
  }
  const z = g.op("Add", [
    g.op("Mul", [stats.mean, g.float(g.fresh("cfc_mean"), c0, [c])]),
    g.op("Mul", [stats.std, g.float(g.fresh("cfc_std"), c1, [c])]),
  ]);
  const slope = params.get(`${_STYLE_MAKER}.relu.weight`, [1]);
  const act = g.op("PRelu", [z, g.float(g.fresh("sim_slope"), slope, [1])]);
  const d = params.size(`${_STYLE_MAKER}.linear.bias`);
  const linear = _foldRows(
    params.get(`${_STYLE_MAKER}.linear.weight`, [d, c]),
    params.get(`${_STYLE_MAKER}.linear.bias`, [d]),
    params.bn(`${_STYLE_MAKER}.bn`, d),
  );
  const w = g.float(g.fresh("sim_w"), linear.weight, [d, c]);
  const b = g.float(g.fresh("sim_b"), linear.bias, [d]);
  return g.node("Gemm", [act, w, b], { outputs: [name], attrs: { transB: 1 } })[0]!;
}

/**
 * Builds the ONNX graph of a CAFace backbone (AdaFace/TFace IR or insightface iresnet)
 * straight from checkpoint weights.
 */
import { appendStyleMerge, CAFACE_DIMS } from "../caface/mod.ts";
import { GraphBuilder } from "../onnx/mod.ts";
import { detectBackbone } from "./detect_backbone.ts";
import { type _BlockKeys, _layoutKeys } from "./_ir_layout.ts";
import { _foldRows, _Params } from "./_params.ts";
import {
  _AGGREGATOR,
  _appendStackedStats,
  _appendStyleStats,
  _STYLE_MAKER,
  type _Tap,
} from "./_style_stats.ts";
import type { Weights } from "./weights.ts";

/** Input side of the face crops the backbones take. */
const SIDE = 112;

/** Options for {@linkcode buildBackboneGraph}. */
export interface BackboneGraphOptions {
  /**
   * Add the `style` [B,64] output (style statistics → Style Merge layer). Default: true when
   * the keys hold `aggregator.style_maker.cfc`. True without SIM weights is an error.
   */
  style?: boolean;
  /** Also output `style_stats` [B,384,2] (mean, unbiased std). Default false. */
  styleStats?: boolean;
  /** File named in error messages. Default `"model.ckpt"`. */
  source?: string;
}

/**
 * Converts backbone weights (`model.*`, plus `aggregator.style_maker.*` for the style) into
 * a serialised ONNX model (opset 17, float32):
 * - input `input` [B,3,112,112], BGR, already scaled, for both layouts: insightface iresnet
 *   flips BGR→RGB internally, which is folded into its first conv by reversing the conv's
 *   input channels;
 * - output `embedding` [B,512]: the raw embedding `unit·max(norm, 1e-5)` with
 *   `unit = x/‖x‖` and `x` the output of the final BatchNorm1d, as AdaFace returns
 *   `(x/‖x‖, ‖x‖)` and CAFace clips the norm. An all-zero `x` gives NaN, as in PyTorch;
 * - output `style` [B,64] (see {@linkcode BackboneGraphOptions.style}) and optionally
 *   `style_stats` [B,384,2]: statistics of the outputs of the last blocks of stages 2 and
 *   3 (`body[15]`, `body[45]` in IR-101; `layer2`, `layer3` in iresnet).
 *
 * Layout and depth come from {@linkcode detectBackbone}; channel counts are read off the
 * BatchNorm vectors. Every BatchNorm that follows a conv or linear layer is folded into it
 * (in float64); the pre-activation BatchNorm opening each block stays a
 * BatchNormalization node, since zero padding makes folding it into the conv inexact.
 * All BatchNorms use eps 1e-5 in eval mode; Dropout is the identity.
 * Reproduces AdaFace `net.py` IR (`input_layer`, `body`, `output_layer`) and insightface
 * `iresnet.py` (IBasicBlock, `features` BatchNorm1d).
 *
 * @throws {TypeError} for an unknown layout, a missing key, or a tensor whose size does not
 * match the architecture (the message names the key).
 * @throws {RangeError} when the style is requested from fewer than 3 stages.
 */
export function buildBackboneGraph(
  weights: Weights,
  keys: readonly string[],
  options: BackboneGraphOptions = {},
): Uint8Array {
  const source = options.source ?? "model.ckpt";
  // 1. Recognise the network.
  const info = detectBackbone(keys, { source });
  const layout = _layoutKeys(info);
  const params = new _Params(weights, keys, source);
  const style = options.style ?? params.has(`${_STYLE_MAKER}.cfc`);
  const styleStats = options.styleStats ?? false;
  if ((style || styleStats) && info.stages.length < 3) {
    throw new RangeError(
      `Cannot convert ${source}: style statistics need 3 stages, found ${info.stages.length}`,
    );
  }
  const g = new GraphBuilder(`${info.layout}-${info.depth}`);
  let x = g.input("input", ["batch", 3, SIDE, SIDE]);

  // 2. Stem: conv3×3 + BN (folded) + PReLU.
  let channels = params.size(`${layout.stemBn}.running_mean`);
  const stemWeight = params.get(`${layout.stemConv}.weight`, [channels, 3, 3, 3]);
  x = _conv(g, params, x, {
    weight: layout.flipInput ? _reverseInputChannels(stemWeight, channels, 3) : stemWeight,
    bn: layout.stemBn,
    shape: [channels, 3, 3, 3],
    stride: 1,
  });
  x = _prelu(g, params, x, layout.stemPrelu, channels);

  // 3. Body: residual blocks, tapping the last blocks of stages 2 and 3.
  let side = SIDE;
  const taps: _Tap[] = [];
  for (const block of layout.blocks) {
    const out = params.size(`${block.bnOut}.running_mean`);
    x = _block(g, params, x, block, channels, out);
    channels = out;
    side = Math.floor((side - 1) / block.stride) + 1;
    if (block.last && (block.stage === 1 || block.stage === 2)) {
      taps.push({ value: x, channels, side });
    }
  }

  // 4. Head: BN2d → Dropout → Flatten → Linear → BN1d, folded into one Gemm.
  const embedding = _head(g, params, x, { channels, side, layout });
  g.output("embedding", ["batch", params.size(`${layout.embBn}.running_mean`)]);
  _rawEmbedding(g, embedding, "embedding");

  // 5. Style: statistics of the taps, then CAFace's Style Merge layer.
  if (style || styleStats) {
    const stats = _appendStyleStats(g, taps);
    const stacked = _appendStackedStats(g, stats, styleStats ? "style_stats" : g.fresh("stats"));
    if (style) {
      const sim = appendStyleMerge(g, stacked, (key, shape) => params.get(key, shape), {
        prefix: _AGGREGATOR,
      });
      g.node("Identity", [sim], { outputs: ["style"] });
      g.output("style", ["batch", CAFACE_DIMS.STYLE]);
    }
    if (styleStats) g.output("style_stats", ["batch", stats.channels, 2]);
  }
  return g.toBytes({ docString: `${info.layout} depth ${info.depth} from ${source}` });
}

function _block(
  g: GraphBuilder,
  params: _Params,
  x: string,
  block: _BlockKeys,
  cin: number,
  cout: number,
): string {
  const bn = params.bnTensors(block.bnIn, cin).map((t, i) =>
    g.float(g.fresh(`${block.bnIn}.${i}`), t, [cin])
  );
  let h = g.op("BatchNormalization", [x, ...bn], { epsilon: { float: 1e-5 } });
  h = _conv(g, params, h, { key: block.conv1, bn: block.bnMid, shape: [cout, cin, 3, 3] });
  h = _prelu(g, params, h, block.prelu, cout);
  h = _conv(g, params, h, {
    key: block.conv2,
    bn: block.bnOut,
    shape: [cout, cout, 3, 3],
    stride: block.stride,
  });
  let shortcut = x;
  if (params.has(`${block.shortcutConv}.weight`) || cin !== cout) {
    shortcut = _conv(g, params, x, {
      key: block.shortcutConv,
      bn: block.shortcutBn,
      shape: [cout, cin, 1, 1],
      stride: block.stride,
    });
  } else if (block.stride > 1) {
    shortcut = g.op("MaxPool", [x], {
      kernel_shape: [1, 1],
      strides: [block.stride, block.stride],
    });
  }
  return g.op("Add", [h, shortcut]);
}

/** Conv (no bias in the checkpoint) with the following BatchNorm folded in. */
function _conv(
  g: GraphBuilder,
  params: _Params,
  x: string,
  spec: {
    key?: string;
    weight?: Float32Array;
    bn: string;
    shape: readonly [number, number, number, number];
    stride?: number;
  },
): string {
  const [out, , k] = spec.shape;
  const weight = spec.weight ?? params.get(`${spec.key}.weight`, spec.shape);
  const folded = _foldRows(weight, undefined, params.bn(spec.bn, out));
  const stride = spec.stride ?? 1;
  const pad = (k - 1) / 2;
  return g.op("Conv", [
    x,
    g.float(g.fresh("conv_w"), folded.weight, spec.shape),
    g.float(g.fresh("conv_b"), folded.bias, [out]),
  ], { kernel_shape: [k, k], pads: [pad, pad, pad, pad], strides: [stride, stride] });
}

function _prelu(g: GraphBuilder, params: _Params, x: string, key: string, channels: number) {
  const slope = params.get(`${key}.weight`, [channels]);
  return g.op("PRelu", [x, g.float(g.fresh("slope"), slope, [channels, 1, 1])]);
}

/** BN2d (per channel) → flatten → fc → BN1d, all folded into one Gemm. */
function _head(
  g: GraphBuilder,
  params: _Params,
  x: string,
  where: { channels: number; side: number; layout: ReturnType<typeof _layoutKeys> },
): string {
  const { channels, side, layout } = where;
  const area = side * side;
  const inner = channels * area;
  const pre = params.bn(layout.headBn, channels);
  const out = params.size(`${layout.embBn}.running_mean`);
  const fc = params.get(`${layout.fc}.weight`, [out, inner]);
  const fcBias = params.get(`${layout.fc}.bias`, [out]);
  const post = params.bn(layout.embBn, out);
  // Fold both BNs, in float64: s⊙(W·(a⊙x + b) + bias) + t = (s·W·diag(a))·x + s⊙(W·b + bias) + t.
  const weight = new Float32Array(out * inner);
  const bias = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    const s = post.scale[o]!;
    let acc = fcBias[o]!;
    for (let i = 0, row = o * inner; i < inner; i++) {
      const c = Math.floor(i / area);
      const w = fc[row + i]!;
      weight[row + i] = w * pre.scale[c]! * s;
      acc += w * pre.shift[c]!;
    }
    bias[o] = acc * s + post.shift[o]!;
  }
  const flat = g.op("Flatten", [x], { axis: 1 });
  return g.op("Gemm", [
    flat,
    g.float(g.fresh("fc_w"), weight, [out, inner]),
    g.float(g.fresh("fc_b"), bias, [out]),
  ], { transB: 1 });
}

/** `name` = (x/‖x‖)·max(‖x‖, 1e-5), the raw embedding CAFace feeds on. */
function _rawEmbedding(g: GraphBuilder, x: string, name: string): string {
  const norm = g.op("ReduceL2", [x], { axes: [1], keepdims: 1 });
  const floor = g.float(g.fresh("norm_floor"), [1e-5], []);
  const unit = g.op("Div", [x, norm]);
  return g.node("Mul", [unit, g.op("Max", [norm, floor])], { outputs: [name] })[0]!;
}

/** Reverses axis 1 of a [O, C, k, k] kernel (BGR ↔ RGB on the input). */
function _reverseInputChannels(weight: Float32Array, out: number, cin: number): Float32Array {
  const plane = weight.length / (out * cin);
  const flipped = new Float32Array(weight.length);
  for (let o = 0; o < out; o++) {
    for (let c = 0; c < cin; c++) {
      const from = (o * cin + c) * plane;
      const to = (o * cin + (cin - 1 - c)) * plane;
      flipped.set(weight.subarray(from, from + plane), to);
    }
  }
  return flipped;
}

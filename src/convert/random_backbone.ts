/**
 * Random-weight IR backbones (TFace layout) built by the harness's own converter: for speed
 * and parity checks where no trained checkpoint may be downloaded.
 */
import { mulberry32 } from "../core/mod.ts";
import { buildBackboneGraph } from "./backbone_graph.ts";

/** Blocks per stage of IR-101 (the CAFace / AdaFace backbone). */
export const IR101_STAGES: readonly number[] = [3, 13, 30, 3];

/** Options for {@linkcode randomIrBackbone}. */
export interface RandomIrOptions {
  /** Blocks per stage. Default {@linkcode IR101_STAGES}. */
  stages?: readonly number[];
  /** Seed of the deterministic generator. Default 1. */
  seed?: number;
  /** Channels of stage 1 (doubled per stage). Default 64. */
  width?: number;
}

/**
 * Builds `backbone.onnx` bytes (input `input` [B,3,112,112], output `embedding` [B,512]) of
 * an IR network whose weights are drawn from a seeded generator, He-scaled and with
 * BatchNorm statistics near (0, 1) so activations stay of order 1 through 100 layers.
 *
 * @example
 * ```ts
 * import { deepStrictEqual as assertEquals } from "node:assert/strict";
 * const bytes = randomIrBackbone({ stages: [1, 1, 1, 1], width: 8 });
 * assertEquals(bytes instanceof Uint8Array, true);
 * ```
 */
export function randomIrBackbone(options: RandomIrOptions = {}): Uint8Array {
  const stages = options.stages ?? IR101_STAGES;
  const width = options.width ?? 64;
  const random = mulberry32(options.seed ?? 1);
  const shapes = new Map<string, number[]>();
  const kind = new Map<string, "conv" | "gamma" | "beta" | "mean" | "var" | "prelu" | "bias">();
  const bn = (prefix: string, c: number) => {
    for (
      const [name, k] of [["weight", "gamma"], ["bias", "beta"], ["running_mean", "mean"], [
        "running_var",
        "var",
      ]] as const
    ) {
      shapes.set(`${prefix}.${name}`, [c]);
      kind.set(`${prefix}.${name}`, k);
    }
  };
  const conv = (key: string, shape: number[]) => {
    shapes.set(`${key}.weight`, shape);
    kind.set(`${key}.weight`, "conv");
  };
  conv("model.input_layer.0", [width, 3, 3, 3]);
  bn("model.input_layer.1", width);
  shapes.set("model.input_layer.2.weight", [width]);
  kind.set("model.input_layer.2.weight", "prelu");
  let index = 0, cin = width;
  stages.forEach((count, stage) => {
    const cout = width * 2 ** stage;
    for (let i = 0; i < count; i++, index++) {
      const res = `model.body.${index}.res_layer`;
      bn(`${res}.0`, cin);
      conv(`${res}.1`, [cout, cin, 3, 3]);
      bn(`${res}.2`, cout);
      shapes.set(`${res}.3.weight`, [cout]);
      kind.set(`${res}.3.weight`, "prelu");
      conv(`${res}.4`, [cout, cout, 3, 3]);
      bn(`${res}.5`, cout);
      if (cin !== cout) {
        conv(`model.body.${index}.shortcut_layer.0`, [cout, cin, 1, 1]);
        bn(`model.body.${index}.shortcut_layer.1`, cout);
      }
      cin = cout;
    }
  });
  const side = 112 / 2 ** stages.length;
  bn("model.output_layer.0", cin);
  shapes.set("model.output_layer.3.weight", [512, cin * side * side]);
  kind.set("model.output_layer.3.weight", "conv");
  shapes.set("model.output_layer.3.bias", [512]);
  kind.set("model.output_layer.3.bias", "bias");
  for (const name of ["running_mean", "running_var"]) {
    shapes.set(`model.output_layer.4.${name}`, [512]);
    kind.set(`model.output_layer.4.${name}`, name === "running_mean" ? "mean" : "var");
  }
  const cache = new Map<string, Float32Array>();
  const weights = (key: string): Float32Array => {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const shape = shapes.get(key);
    if (shape === undefined) throw new TypeError(`Cannot find ${key} in the random backbone`);
    const size = shape.reduce((a, b) => a * b, 1);
    const fanIn = shape.slice(1).reduce((a, b) => a * b, 1);
    const out = new Float32Array(size);
    const k = kind.get(key)!;
    for (let i = 0; i < size; i++) {
      const u = random() * 2 - 1;
      out[i] = k === "conv"
        ? u * Math.sqrt(3 / fanIn) // uniform with variance 1/fanIn
        : k === "gamma"
        ? 1 + 0.1 * u
        : k === "var"
        ? 1 + 0.2 * (u + 1)
        : k === "prelu"
        ? 0.25
        : 0.05 * u;
    }
    cache.set(key, out);
    return out;
  };
  return buildBackboneGraph(weights, [...shapes.keys()], { style: false, source: "random IR" });
}

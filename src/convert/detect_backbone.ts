/**
 * Recognises the backbone stored under `model.*` in a CAFace checkpoint from its keys alone.
 */

/** The backbone layouts the converter understands. */
export const BACKBONE_LAYOUTS = ["tface-ir", "iresnet"] as const;

/**
 * `tface-ir`: AdaFace / TFace IR (`model.input_layer.*`, `model.body.i.res_layer.*`);
 * `iresnet`: insightface iresnet (`model.conv1.*`, `model.layerS.i.*`).
 */
export type BackboneLayout = typeof BACKBONE_LAYOUTS[number];

/** Whether `value` names a {@linkcode BackboneLayout}. */
export function isBackboneLayout(value: string): value is BackboneLayout {
  return (BACKBONE_LAYOUTS as readonly string[]).includes(value);
}

/** What {@linkcode detectBackbone} found. */
export interface BackboneInfo {
  readonly layout: BackboneLayout;
  /** Conventional depth, 2 + 2 × blocks: 18, 34, 50 or 100 for the usual nets. */
  readonly depth: number;
  /** Basic blocks per stage, e.g. `[3, 13, 30, 3]` for IR-101 / iresnet100. */
  readonly stages: readonly number[];
}

/** Options for {@linkcode detectBackbone}. */
export interface DetectBackboneOptions {
  /** File named in error messages. Default `"model.ckpt"`. */
  source?: string;
}

/**
 * Detects the backbone layout, depth and stage boundaries from checkpoint keys.
 *
 * - `model.input_layer.*` means the TFace IR layout. Blocks are `model.body.0..n-1`; a
 *   stage starts at block 0 and at every block that has `shortcut_layer.0.weight` (the
 *   channel count changes there). A block whose shortcut is a max-pool has no shortcut keys.
 * - `model.conv1.*` means insightface iresnet; stages are `model.layer1..K`, blocks
 *   `model.layerS.0..n-1`.
 *
 * The first block of every stage has stride 2. `hyper_parameters.arch` is not consulted: the
 * keys are the truth. Bottleneck IR blocks (IR-152/200, `res_layer.6` and above) are rejected.
 *
 * @throws {TypeError} when neither layout's keys are present, or a block is missing
 * (the message names the missing key).
 * @throws {RangeError} for bottleneck blocks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectBackbone } from "./detect_backbone.ts";
 * const keys = ["model.conv1.weight", "model.layer1.0.conv1.weight", "model.layer2.0.conv1.weight"];
 * const info = detectBackbone(keys);
 * assert.equal(info.layout, "iresnet");
 * assert.equal(info.depth, 6);
 * ```
 */
export function detectBackbone(
  keys: readonly string[],
  options: DetectBackboneOptions = {},
): BackboneInfo {
  const source = options.source ?? "model.ckpt";
  const has = (prefix: string) => keys.some((k) => k.startsWith(prefix));
  if (has("model.input_layer.")) return _detectTface(keys, source);
  if (has("model.conv1.")) return _detectIresnet(keys, source);
  throw new TypeError(
    `Cannot convert ${source}: unknown backbone layout, expected keys starting model.input_layer. (TFace IR) or model.conv1. (insightface iresnet)`,
  );
}

function _detectTface(keys: readonly string[], source: string): BackboneInfo {
  const set = new Set(keys);
  let blocks = 0;
  for (const key of keys) {
    const match = /^model\.body\.(\d+)\.(res_layer\.(\d+))?/.exec(key);
    if (match === null) continue;
    blocks = Math.max(blocks, Number(match[1]) + 1);
    if (match[3] !== undefined && Number(match[3]) > 5) {
      throw new RangeError(
        `Cannot convert ${source}: model.body.${
          match[1]
        } is a bottleneck block (${key} found): only basic IR blocks are supported`,
      );
    }
  }
  const stages: number[] = [];
  for (let i = 0; i < Math.max(blocks, 1); i++) {
    const conv = `model.body.${i}.res_layer.1.weight`;
    if (!set.has(conv)) throw new TypeError(`Cannot convert ${source}: missing key ${conv}`);
    if (i === 0 || set.has(`model.body.${i}.shortcut_layer.0.weight`)) stages.push(0);
    stages[stages.length - 1]! += 1;
  }
  return { layout: "tface-ir", depth: 2 + 2 * blocks, stages };
}

function _detectIresnet(keys: readonly string[], source: string): BackboneInfo {
  const counts: number[] = [];
  for (const key of keys) {
    const match = /^model\.layer(\d+)\.(\d+)\./.exec(key);
    if (match === null) continue;
    const stage = Number(match[1]) - 1;
    counts[stage] = Math.max(counts[stage] ?? 0, Number(match[2]) + 1);
  }
  const set = new Set(keys);
  const stages: number[] = [];
  for (let s = 0; s < Math.max(counts.length, 1); s++) {
    const n = counts[s] ?? 0;
    for (let i = 0; i < Math.max(n, 1); i++) {
      const conv = `model.layer${s + 1}.${i}.conv1.weight`;
      if (!set.has(conv)) throw new TypeError(`Cannot convert ${source}: missing key ${conv}`);
    }
    stages.push(n);
  }
  const blocks = stages.reduce((a, b) => a + b, 0);
  return { layout: "iresnet", depth: 2 + 2 * blocks, stages };
}

import { type ColourOrder, isColourOrder } from "../images/mod.ts";

/**
 * How a flipped copy of each crop is used (docs/ijb-layout.md#alignment):
 * - `none`: no mirror image;
 * - `add`: the sum of the raw embeddings of the image and of its horizontal mirror;
 * - `concat`: the two raw embeddings side by side (twice the width).
 */
export const FLIP_MODES = ["none", "add", "concat"] as const;

/** One of {@linkcode FLIP_MODES}. */
export type FlipMode = typeof FLIP_MODES[number];

/** Whether `value` is one of {@linkcode FLIP_MODES}. */
export function isFlipMode(value: unknown): value is FlipMode {
  return (FLIP_MODES as readonly unknown[]).includes(value);
}

/**
 * How aligned crops become backbone input and which outputs are read. Pixels become
 * `((x / scale) − mean[c]) / std[c]` in `colour` channel order.
 */
export interface Preprocess {
  /** Channel order the backbone expects. */
  readonly colour: ColourOrder;
  /** Divisor applied to the 0–255 pixel first. */
  readonly scale: number;
  /** Per-channel mean, in output channel order and `x / scale` units. */
  readonly mean: readonly [number, number, number];
  /** Per-channel standard deviation, like `mean`. */
  readonly std: readonly [number, number, number];
  /** Flip test-time augmentation. */
  readonly flip: FlipMode;
  /** Images per backbone call (a model with a fixed batch dimension ignores it). */
  readonly batch: number;
  /** Name of the raw-embedding output. */
  readonly embeddingOutput: string;
  /** Name of the style output (CAFace's SIM output), or null when not read. */
  readonly styleOutput: string | null;
}

/** The defaults: AdaFace / CAFace input, BGR `(x/255 − 0.5)/0.5`, no flip, batch 64. */
export const DEFAULT_PREPROCESS: Preprocess = {
  colour: "bgr",
  scale: 255,
  mean: [0.5, 0.5, 0.5],
  std: [0.5, 0.5, 0.5],
  flip: "none",
  batch: 64,
  embeddingOutput: "embedding",
  styleOutput: null,
};

/**
 * Known backbones' input conventions:
 * - `adaface`: AdaFace / CAFace (TFace IR), BGR `(x/255 − 0.5)/0.5`;
 * - `arcface`: insightface arcface_torch, RGB with the same scaling;
 * - `mobilefacenet`: faceplugin's `fr_feature.onnx`, BGR `(x − 127)/128`, output
 *   `"output"`. The package's browser code feeds the canvas channels in RGB order, but on
 *   the 55 johns photos BGR gives rank-1 55/55 (mean genuine cosine 0.586) against 53/55
 *   (0.503) for RGB, so the model was evidently trained on BGR crops.
 */
export const PREPROCESS_PRESETS = {
  adaface: DEFAULT_PREPROCESS,
  arcface: { ...DEFAULT_PREPROCESS, colour: "rgb" },
  mobilefacenet: {
    ...DEFAULT_PREPROCESS,
    colour: "bgr",
    scale: 1,
    mean: [127, 127, 127],
    std: [128, 128, 128],
    embeddingOutput: "output",
  },
} as const satisfies Record<string, Preprocess>;

/** A key of {@linkcode PREPROCESS_PRESETS}. */
export type PresetName = keyof typeof PREPROCESS_PRESETS;

/** The preset names, in table order. */
export const PRESET_NAMES = Object.keys(PREPROCESS_PRESETS) as readonly PresetName[];

/** Whether `value` names a preset. */
export function isPresetName(value: unknown): value is PresetName {
  return typeof value === "string" && Object.hasOwn(PREPROCESS_PRESETS, value);
}

/**
 * Completes partial settings from a preset (default `adaface`, i.e.
 * {@linkcode DEFAULT_PREPROCESS}) and checks them.
 *
 * @throws {RangeError} For an unknown preset, colour or flip mode, a `scale` or `std`
 * entry that is 0 or not finite, a `mean` entry that is not finite, a `batch` that is not
 * a whole number ≥ 1, or an empty output name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolvePreprocess } from "./preprocess.ts";
 * const p = resolvePreprocess({ flip: "add" }, { preset: "arcface" });
 * assert.equal(p.colour, "rgb");
 * assert.equal(p.flip, "add");
 * assert.equal(p.batch, 64);
 * ```
 */
export function resolvePreprocess(
  partial: Partial<Preprocess> = {},
  options: { preset?: string } = {},
): Preprocess {
  const presetName = options.preset ?? "adaface";
  if (!isPresetName(presetName)) {
    throw new RangeError(
      `Cannot find preprocess preset "${presetName}": available are ${_quoted(PRESET_NAMES)}`,
    );
  }
  const defined = Object.fromEntries(
    Object.entries(partial).filter(([, v]) => v !== undefined),
  ) as Partial<Preprocess>;
  const p: Preprocess = { ...PREPROCESS_PRESETS[presetName], ...defined };
  if (!isColourOrder(p.colour)) {
    throw new RangeError(`Cannot use colour order "${p.colour}": expected "bgr" or "rgb"`);
  }
  if (!isFlipMode(p.flip)) {
    throw new RangeError(`Cannot use flip "${p.flip}": available are ${_quoted(FLIP_MODES)}`);
  }
  if (!(Number.isFinite(p.scale) && p.scale !== 0)) {
    throw new RangeError(
      `Cannot use preprocess scale ${p.scale}: expected a finite non-zero value`,
    );
  }
  _checkTriple(p.mean, "mean", false);
  _checkTriple(p.std, "std", true);
  if (!Number.isInteger(p.batch) || p.batch < 1) {
    throw new RangeError(`Cannot use batch size ${p.batch}: expected a whole number ≥ 1`);
  }
  if (p.embeddingOutput === "" || p.styleOutput === "") {
    throw new RangeError(`Cannot use an empty output name`);
  }
  return {
    ...p,
    mean: [p.mean[0], p.mean[1], p.mean[2]],
    std: [p.std[0], p.std[1], p.std[2]],
  };
}

function _checkTriple(values: readonly number[], what: string, nonZero: boolean): void {
  if (values.length !== 3 || values.some((v) => !Number.isFinite(v) || (nonZero && v === 0))) {
    throw new RangeError(
      `Cannot use preprocess ${what} [${values.join(", ")}]: expected 3 finite${
        nonZero ? " non-zero" : ""
      } values`,
    );
  }
}

function _quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

/** Flag parsing shared by the extraction tasks (extract, embed). */
import { defaultBatch, type Device, DEVICE_CHOICES, parseDevice } from "../src/onnx/mod.ts";
import { COLOUR_ORDERS, isColourOrder } from "../src/images/mod.ts";
import {
  FLIP_MODES,
  isFlipMode,
  isOnErrorMode,
  isPresetName,
  ON_ERROR_MODES,
  type OnErrorMode,
  type Preprocess,
  PRESET_NAMES,
  resolvePreprocess,
} from "../src/extract/mod.ts";
import { shippedPath, UsageError } from "./_cli.ts";

/** The model used when `--backbone` is not given: MobileFaceNet, with its preset. */
export const DEFAULT_BACKBONE = "models/faceplugin/fr_feature.onnx";

/** parseArgs options of the backbone settings. */
export const BACKBONE_FLAGS = {
  backbone: { type: "string" },
  device: { type: "string", default: "cpu" },
  threads: { type: "string" },
  batch: { type: "string" },
  preset: { type: "string" },
  colour: { type: "string" },
  scale: { type: "string" },
  mean: { type: "string" },
  std: { type: "string" },
  flip: { type: "string" },
  "embedding-output": { type: "string" },
  "style-output": { type: "string" },
} as const;

/** Help lines for {@linkcode BACKBONE_FLAGS}. */
export const BACKBONE_HELP =
  `  --backbone M.onnx       backbone [B,3,H,W] → embedding (default: ${DEFAULT_BACKBONE},
                          MobileFaceNet, with --preset mobilefacenet)
  --device D              ${DEVICE_CHOICES} (default: cpu); checked before any work, see
                          \`deno task devices\`
  --threads N             ONNX intra-op threads (default: all cores)
  --batch N               images per backbone call (default: 64 on cpu, 256 on a GPU;
                          fixed-batch models run 1 by 1)
  --preset P              ${PRESET_NAMES.join(", ")} (default: adaface with --backbone,
                          mobilefacenet without): adaface BGR (x/255-0.5)/0.5, arcface RGB same,
                          mobilefacenet BGR (x-127)/128 output "output"
  --colour C              bgr or rgb (overrides the preset)
  --scale X               divide pixels by X first (preset: 255)
  --mean A[,B,C]          per-channel mean after scaling (preset: 0.5)
  --std A[,B,C]           per-channel std (preset: 0.5)
  --flip F                ${FLIP_MODES.join(", ")} (default: none): add sums the embeddings of the
                          image and its mirror, concat joins them
  --embedding-output N    output holding the raw embedding (preset: embedding)
  --style-output N        output holding the style vector (default: none read)`;

/** The parsed backbone flags. */
export interface BackboneFlags {
  backbone: string;
  device: Device;
  threads?: number;
  preprocess: Preprocess;
}

/** Turns the parsed strings into settings; bad values are usage errors. */
export function backboneFlags(values: Record<string, string | boolean | undefined>): BackboneFlags {
  const text = (key: string) => values[key] as string | undefined;
  const backbone = text("backbone") ?? shippedPath(DEFAULT_BACKBONE);
  const preset = text("preset") ?? (text("backbone") === undefined ? "mobilefacenet" : "adaface");
  if (!isPresetName(preset)) {
    throw new UsageError(
      `Cannot use --preset "${preset}": available are ${PRESET_NAMES.join(", ")}`,
    );
  }
  const flip = text("flip");
  if (flip !== undefined && !isFlipMode(flip)) {
    throw new UsageError(`Cannot use --flip "${flip}": available are ${FLIP_MODES.join(", ")}`);
  }
  const colour = text("colour");
  if (colour !== undefined && !isColourOrder(colour)) {
    throw new UsageError(`Cannot use --colour "${colour}": expected ${COLOUR_ORDERS.join(" or ")}`);
  }
  try {
    const device = parseDevice(text("device") ?? "cpu");
    const preprocess = resolvePreprocess({
      colour,
      flip,
      scale: _number(text("scale"), "scale"),
      mean: _triple(text("mean"), "mean"),
      std: _triple(text("std"), "std"),
      batch: _number(text("batch"), "batch") ?? defaultBatch(device, 112, 112),
      embeddingOutput: text("embedding-output"),
      styleOutput: text("style-output"),
    }, { preset });
    return {
      backbone,
      device,
      threads: wholeFlag(text("threads"), "threads"),
      preprocess,
    };
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

/** Parses a whole-number flag ≥ 1, or undefined when absent. */
export function wholeFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`Cannot use --${name} "${value}": expected a whole number ≥ 1`);
  }
  return n;
}

function _number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) {
    throw new UsageError(`Cannot use --${name} "${value}": expected a number`);
  }
  return n;
}

function _triple(value: string | undefined, name: string): [number, number, number] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(",").map((s) => _number(s, name)!);
  if (items.length === 1) return [items[0]!, items[0]!, items[0]!];
  if (items.length !== 3) {
    throw new UsageError(
      `Cannot use --${name} "${value}": expected 1 or 3 comma-separated numbers`,
    );
  }
  return [items[0]!, items[1]!, items[2]!];
}

/** Parses `--on-error skip|fail`; an unknown mode is a usage error. */
export function onErrorFlag(value: string | undefined): OnErrorMode {
  const mode = value ?? "skip";
  if (!isOnErrorMode(mode)) {
    throw new UsageError(
      `Cannot use --on-error "${mode}": available are ${ON_ERROR_MODES.join(", ")}`,
    );
  }
  return mode;
}

/**
 * Converts a CAFace checkpoint (docs/caface-onnx.md#the-released-checkpoint) into the ONNX model directory the harness runs
 * (docs/caface-onnx.md#the-contract), in TypeScript: no Python at run time.
 */
import { toFloat16 } from "./to_float16.ts";
import { LIGHTNING_HPARAM_GLOBALS, openCheckpoint } from "../checkpoint/mod.ts";
import {
  buildAggregateGraph,
  buildClusterGraph,
  buildStyleMergeGraph,
  CAFACE_DIMS,
  weightLookup,
  type WeightTensor,
  writeCafaceModelDir,
} from "../caface/mod.ts";
import { buildBackboneGraph } from "./backbone_graph.ts";
import { type BackboneInfo, detectBackbone } from "./detect_backbone.ts";
import { _layoutKeys } from "./_ir_layout.ts";
import { type _Progress, _readPrefixed, _readRequested } from "./_checkpoint_weights.ts";
import { _checkArchitecture, _recordedHyperParameters } from "./_hyper_parameters.ts";
import { digestFile, harnessVersion } from "../provenance/mod.ts";
import { _writeStaged } from "./_staged_dir.ts";
import { _STYLE_MAKER } from "./_style_stats.ts";

/** The parts of a checkpoint that can be converted. */
export const CONVERT_PARTS = ["caface", "backbone"] as const;

/**
 * `caface`: `cluster.onnx`, `aggregate.onnx`, `style_merge.onnx` from `aggregator.*`;
 * `backbone`: `backbone.onnx` from `model.*` (+ `aggregator.style_maker.*` for the style).
 */
export type ConvertPart = typeof CONVERT_PARTS[number];

/** Options for {@linkcode convertCheckpoint}. */
export interface ConvertCheckpointOptions {
  /** What to convert. Default: both parts, `["caface", "backbone"]`. */
  parts?: readonly ConvertPart[];
  /**
   * Give `backbone.onnx` the `style` [B,64] output. Default: true when the checkpoint holds
   * `aggregator.style_maker.cfc`; true without those weights is an error.
   */
  style?: boolean;
  /**
   * `float16`: `backbone.onnx` in half precision with float32 input and outputs
   * ({@linkcode toFloat16}). Default `float32`.
   */
  dtype?: "float32" | "float16";
  /**
   * Progress of the long steps: `"sha256"` (bytes), `"read aggregator"`, `"read backbone"`
   * (tensors) and `"build backbone"` (0 then 1). Default: none.
   */
  onProgress?: _Progress;
  /**
   * Pickle globals allowed beyond `torch.load(weights_only=True)`'s list and Lightning's
   * hyper-parameter containers (`LIGHTNING_HPARAM_GLOBALS`, always allowed here). Default
   * none; any other global stops the conversion with an `UnsafeGlobalError` naming it.
   */
  allowGlobals?: readonly string[];
}

/** What a conversion wrote. */
export interface ConvertResult {
  /** The paths written, `meta.json` last. */
  readonly files: readonly string[];
  /** The contents of `meta.json`. */
  readonly meta: Readonly<Record<string, unknown>>;
}

/** The preprocessing the backbones expect, recorded in `meta.json`. */
const PREPROCESSING = {
  colour: "BGR",
  size: [112, 112],
  scale: "(x / 255 - 0.5) / 0.5",
} as const;

/**
 * Converts the checkpoint at `ckptPath` into the model directory `outDir`:
 * 1. open it and check what needs no tensor data: the architecture named by
 *    `hyper_parameters` (`decoder_name`, `aggregator_name`, looked up at the top level or in
 *    a nested record; absent names pass, as the keys are the truth) and the backbone layout;
 * 2. stream its SHA-256;
 * 3. read only the tensors the graphs use, lazily (never `center.weight`; the backbone only
 *    for `backbone`), and build every graph in memory;
 * 4. write the files and `meta.json` (source, SHA-256, hyper-parameters as found, harness
 *    version; for the backbone its layout, depth, stages, inputs, outputs and preprocessing)
 *    into a hidden staging directory renamed into place, so a failed conversion leaves no
 *    model directory behind and an existing one untouched.
 *
 * Errors: a missing file → Deno.errors.NotFound `Cannot convert X.ckpt as it does not
 * exist`; a truncated or non-zip file → SyntaxError from the checkpoint reader; an unknown
 * architecture → RangeError `Cannot convert X.ckpt as hyper_parameters.decoder_name is
 * "catv9_g8": only "catv9_g4_conf512_small" is supported`; a missing aggregator key →
 * RangeError `Cannot find aggregator.norm_emb.pe in X.ckpt`; a wrong shape → TypeError
 * naming the key and both shapes; no backbone keys → TypeError `Cannot convert X.ckpt:
 * unknown backbone layout, …`; an empty `parts` → RangeError.
 *
 * @example
 * ```ts ignore
 * await convertCheckpoint("CAFace_AdaFaceWebFace4M.ckpt", "models/caface");
 * ```
 */
export async function convertCheckpoint(
  ckptPath: string,
  outDir: string,
  options: ConvertCheckpointOptions = {},
): Promise<ConvertResult> {
  const parts = new Set(options.parts ?? CONVERT_PARTS);
  const onProgress = options.onProgress;
  await Deno.stat(ckptPath).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new Deno.errors.NotFound(`Cannot convert ${ckptPath} as it does not exist`);
  });
  await using ckpt = await openCheckpoint(ckptPath, {
    allowGlobals: [...LIGHTNING_HPARAM_GLOBALS, ...(options.allowGlobals ?? [])],
  });
  const source = ckpt.name;
  if (parts.size === 0) throw new RangeError(`Cannot convert ${source}: no parts requested`);

  // 1. Check the architecture and the backbone layout from the pickle alone.
  const hp = ckpt.hyperParameters();
  if (parts.has("caface")) {
    const root = ckpt.root;
    const recorded = root instanceof Map &&
      (root.has("hyper_parameters") || root.has("hparams"));
    if (recorded && hp === undefined) {
      throw new TypeError(
        `Cannot convert ${source} as its hyper_parameters cannot be read as a record of ` +
          `fields: the CAFace architecture (decoder_name, aggregator_name) cannot be checked`,
      );
    }
    _checkArchitecture(hp, source);
  }
  const keys = [...ckpt.stateDict().keys()];
  const info = parts.has("backbone") ? detectBackbone(keys, { source }) : undefined;
  const style = options.style ?? keys.includes(`${_STYLE_MAKER}.cfc`);

  // 2. Digest the source.
  const { sha256: sourceSha256 } = await digestFile(ckptPath, {
    onProgress: (done, total) => onProgress?.("sha256", done, total),
  });
  const hyperParameters = _recordedHyperParameters(hp);

  // 3. Read the tensors and build the graphs.
  let caface: ReturnType<typeof weightLookup> | undefined;
  if (parts.has("caface")) {
    const tensors = await _readRequested(ckpt, (probe) => {
      buildClusterGraph(probe);
      buildAggregateGraph(probe);
      buildStyleMergeGraph(probe);
    }, { stage: "read aggregator", onProgress });
    caface = weightLookup(tensors, { source });
  }
  let backbone: { bytes: Uint8Array; meta: Record<string, unknown> } | undefined;
  if (info !== undefined) {
    const prefixes = style ? ["model.", `${_STYLE_MAKER}.`] : ["model."];
    const tensors = await _readPrefixed(ckpt, prefixes, { stage: "read backbone", onProgress });
    onProgress?.("build backbone", 0, 1);
    backbone = _backbone(tensors, info, { source, style });
    if (options.dtype === "float16") {
      const half = toFloat16(backbone.bytes, { source });
      backbone = {
        bytes: half.bytes,
        meta: {
          ...backbone.meta,
          dtype: "float16 inside, float32 input and outputs",
          float16: { nodes: half.float16Nodes, float32Nodes: half.float32Nodes },
        },
      };
    }
    onProgress?.("build backbone", 1, 1);
  }

  // 4. Write everything through a staging directory.
  const version = await harnessVersion();
  let meta: Record<string, unknown> = {};
  const files = await _writeStaged(outDir, async (staging) => {
    if (caface !== undefined) {
      await writeCafaceModelDir(caface, staging, { sourceSha256, source, hyperParameters });
      meta = JSON.parse(await Deno.readTextFile(`${staging}/meta.json`));
    } else {
      meta = {
        format: "caface-backbone-onnx",
        version: 1,
        source,
        sourceSha256,
        hyperParameters,
        files: {},
      };
    }
    meta.harnessVersion = version;
    if (backbone !== undefined) {
      await Deno.writeFile(`${staging}/backbone.onnx`, backbone.bytes);
      meta.backbone = backbone.meta;
      meta.files = { ...meta.files as object, "backbone.onnx": backbone.bytes.byteLength };
    }
    await Deno.writeTextFile(`${staging}/meta.json`, JSON.stringify(meta, null, 2) + "\n");
  });
  return { files, meta };
}

/** Converts only the CAFace fusion graphs: {@linkcode convertCheckpoint} with `caface`. */
export function convertCaface(
  ckptPath: string,
  outDir: string,
  options: Omit<ConvertCheckpointOptions, "parts" | "style"> = {},
): Promise<ConvertResult> {
  return convertCheckpoint(ckptPath, outDir, { ...options, parts: ["caface"] });
}

/** Converts only the backbone: {@linkcode convertCheckpoint} with `backbone`. */
export function convertBackbone(
  ckptPath: string,
  outDir: string,
  options: Omit<ConvertCheckpointOptions, "parts"> = {},
): Promise<ConvertResult> {
  return convertCheckpoint(ckptPath, outDir, { ...options, parts: ["backbone"] });
}

function _backbone(
  tensors: ReadonlyMap<string, WeightTensor>,
  info: BackboneInfo,
  options: { source: string; style: boolean },
): { bytes: Uint8Array; meta: Record<string, unknown> } {
  const { source, style } = options;
  const lookup = (key: string) => {
    const tensor = tensors.get(key);
    if (tensor === undefined) throw new RangeError(`Cannot find ${key} in ${source}`);
    return tensor.data;
  };
  const bytes = buildBackboneGraph(lookup, [...tensors.keys()], { style, source });
  const dim = lookup(`${_layoutKeys(info).embBn}.running_mean`).length;
  const outputs: Record<string, (string | number)[]> = { embedding: ["batch", dim] };
  if (style) outputs.style = ["batch", CAFACE_DIMS.STYLE];
  return {
    bytes,
    meta: {
      file: "backbone.onnx",
      layout: info.layout,
      depth: info.depth,
      stages: info.stages,
      inputs: { input: ["batch", 3, ...PREPROCESSING.size] },
      outputs,
      preprocessing: PREPROCESSING,
      embedding: "raw (x/‖x‖)·max(‖x‖, 1e-5), not normalised",
      style: style ? "SIM of the statistics of the last blocks of stages 2 and 3" : null,
    },
  };
}

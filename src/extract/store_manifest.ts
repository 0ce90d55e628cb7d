import { IMAGE_ERROR_REASONS } from "../images/mod.ts";
import { type CodeDigest, sha256Hex } from "../provenance/mod.ts";
import type { ImageTable } from "../protocol/mod.ts";
import { isFlipMode, type Preprocess } from "./preprocess.ts";

/**
 * The store format written by this version. Format 2 added the shard checksums, the image
 * fingerprints and the warnings to the shard records; format 3 the whole preprocessing
 * identity to the manifest (`input`, `code`). An older store is refused, naming the format.
 */
export const STORE_FORMAT = 3;

/** What format 3 added, for the message that refuses an older store. */
const _FORMAT_NOTE =
  "format 3 records the whole preprocessing identity: alignment, input size, precision and the preprocessing code";

/** How images become the backbone's input: warped by their landmarks, or already aligned. */
export const ALIGNMENT_MODES = ["warped", "prealigned"] as const;

/** One of {@linkcode ALIGNMENT_MODES}. */
export type AlignmentMode = typeof ALIGNMENT_MODES[number];

/** Rows per shard file unless told otherwise. */
export const DEFAULT_SHARD_ROWS = 1024;

/**
 * Why an image row holds NaN: the {@linkcode IMAGE_ERROR_REASONS} of the decoder, or
 * `landmarks` when its 5 points give no similarity transform (NaN, all points equal).
 */
export const FAILURE_REASONS = [...IMAGE_ERROR_REASONS, "landmarks"] as const;

/** One of {@linkcode FAILURE_REASONS}. */
export type FailureReason = typeof FAILURE_REASONS[number];

/** Whether `value` is one of {@linkcode FAILURE_REASONS}. */
export function isFailureReason(value: unknown): value is FailureReason {
  return (FAILURE_REASONS as readonly unknown[]).includes(value);
}

/** An image that became a NaN row. `row` is the image row (meta-file line − 1). */
export interface RowFailure {
  readonly row: number;
  readonly name: string;
  readonly reason: FailureReason;
  readonly message: string;
}

/** Which interleaved part of the image rows a store holds: rows r with r % count === index. */
export interface Part {
  readonly index: number;
  readonly count: number;
}

/** `manifest.json` of a feature store: everything that must match for rows to be reused. */
export interface StoreManifest {
  readonly format: number;
  /** The model file's base name (informative) and SHA-256 (compared). */
  readonly model: { readonly file: string; readonly sha256: string };
  readonly preprocess: Preprocess;
  /**
   * Row count and SHA-256 of the image list ({@linkcode imageListSha256}), compared; and,
   * informative, the image folder of the last extraction (absolute) and the SHA-256 of all
   * image file sizes then (`imageSizesSha256`, which `mergeStores` compares between parts).
   */
  readonly images: {
    readonly count: number;
    readonly sha256: string;
    readonly dir?: string;
    readonly sizesSha256?: string;
  };
  readonly part: Part;
  /** Embedding width, and style width or null. */
  readonly dim: number;
  readonly styleDim: number | null;
  /** Part rows per shard file. */
  readonly shardRows: number;
  /**
   * The backbone input, compared: `warped` (5-point similarity warp of the image, IJB-B/C)
   * or `prealigned` (aligned crops resized, IJB-S, `--prealigned`), its height and width,
   * and the element type fed to the backbone and stored (`float32`; the precision inside
   * the graph is the model's, pinned by `model.sha256`). Normalisation and colour order are
   * in `preprocess`.
   */
  readonly input: {
    readonly alignment: AlignmentMode;
    readonly height: number;
    readonly width: number;
    readonly precision: "float32";
  };
  /**
   * The preprocessing code (decode, align, tensor, backbone run) and `deno.lock`, compared
   * last: a store whose only difference is its code is extracted again from scratch.
   */
  readonly code: CodeDigest;
}

/**
 * The settings compared when a store is reopened, in the order they are reported.
 * `preprocess.batch` is not among them: batching changes no value.
 */
const _COMPARED: readonly (readonly string[])[] = [
  ["format"],
  ["model", "sha256"],
  ["preprocess", "colour"],
  ["preprocess", "scale"],
  ["preprocess", "mean"],
  ["preprocess", "std"],
  ["preprocess", "flip"],
  ["preprocess", "embeddingOutput"],
  ["preprocess", "styleOutput"],
  ["images", "count"],
  ["images", "sha256"],
  ["part", "index"],
  ["part", "count"],
  ["dim"],
  ["styleDim"],
  ["shardRows"],
  ["input", "alignment"],
  ["input", "height"],
  ["input", "width"],
  ["input", "precision"],
  ["code", "sha256"],
];

/**
 * The first setting in which two manifests differ, as `{ setting, there, here }` with the
 * values in JSON, or null when they agree on every compared setting.
 */
export function manifestDifference(
  there: StoreManifest,
  here: StoreManifest,
): { setting: string; there: string; here: string } | null {
  for (const path of _COMPARED) {
    const a = JSON.stringify(_get(there, path) ?? null);
    const b = JSON.stringify(_get(here, path) ?? null);
    if (a !== b) return { setting: path.join("."), there: a, here: b };
  }
  return null;
}

/**
 * SHA-256 (hex) of the image list as text, one line per row:
 * `<name> x1 y1 … x5 y5\n` with each float32 landmark printed by `String()`.
 */
export async function imageListSha256(table: ImageTable): Promise<string> {
  const lines: string[] = [];
  for (let i = 0; i < table.names.length; i++) {
    const points = Array.from(table.landmarks.subarray(10 * i, 10 * i + 10), String);
    lines.push(`${table.names[i]} ${points.join(" ")}\n`);
  }
  return await sha256Hex(new TextEncoder().encode(lines.join("")));
}

/** Number of image rows in a part: those r < images with r % count === index. */
export function partRowCount(images: number, part: Part): number {
  return part.index >= images ? 0 : Math.floor((images - 1 - part.index) / part.count) + 1;
}

/**
 * Parses `i/N` (as in `--shard 1/4`): a whole N ≥ 1 and 0 ≤ i < N.
 *
 * @throws {RangeError} Naming the text when it is not of that form.
 */
export function parsePart(text: string): Part {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]), count = Number(match?.[2]);
  if (!match || !(count >= 1) || !(index < count)) {
    throw new RangeError(`Cannot use shard "${text}": expected i/N with 0 ≤ i < N, e.g. 0/4`);
  }
  return { index, count };
}

/**
 * Checks the shape of a parsed `manifest.json`, naming the first bad field.
 *
 * @throws {TypeError} When a field is missing or of the wrong type.
 */
export function checkManifest(value: unknown, file: string): StoreManifest {
  const m = value as StoreManifest;
  const bad = (field: string) =>
    new TypeError(`Cannot read ${file} as its field ${field} is missing or malformed`);
  if (typeof m !== "object" || m === null) throw bad("(root)");
  if (typeof m.format !== "number") throw bad("format");
  if (m.format !== STORE_FORMAT) {
    throw new RangeError(
      `Cannot use ${file} as it is in store format ${m.format}, this harness reads format ${STORE_FORMAT} (${_FORMAT_NOTE}): delete the store to extract again`,
    );
  }
  if (typeof m.model?.sha256 !== "string") throw bad("model.sha256");
  if (typeof m.preprocess !== "object" || !isFlipMode(m.preprocess?.flip)) throw bad("preprocess");
  if (!Number.isInteger(m.images?.count) || typeof m.images?.sha256 !== "string") {
    throw bad("images");
  }
  if (!Number.isInteger(m.part?.index) || !Number.isInteger(m.part?.count)) throw bad("part");
  if (!Number.isInteger(m.dim)) throw bad("dim");
  if (m.styleDim !== null && !Number.isInteger(m.styleDim)) throw bad("styleDim");
  if (!Number.isInteger(m.shardRows) || m.shardRows < 1) throw bad("shardRows");
  if (!(ALIGNMENT_MODES as readonly unknown[]).includes(m.input?.alignment)) {
    throw bad("input.alignment");
  }
  if (!Number.isInteger(m.input.height) || !Number.isInteger(m.input.width)) throw bad("input");
  if (m.input.precision !== "float32") throw bad("input.precision");
  if (typeof m.code?.sha256 !== "string" || typeof m.code.files !== "object") throw bad("code");
  return m;
}

function _get(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) at = (at as Record<string, unknown> | undefined)?.[key];
  return at;
}

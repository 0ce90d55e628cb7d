import type { ImageFingerprint } from "./image_fingerprint.ts";
import { sha256Hex } from "../provenance/mod.ts";
import { isFailureReason, type RowFailure } from "./store_manifest.ts";

/** Why an image row is worth a warning although it has values. */
export const WARNING_KINDS = ["truncated", "small", "non-finite"] as const;

/** One of {@linkcode WARNING_KINDS}. */
export type WarningKind = typeof WARNING_KINDS[number];

/**
 * An image row that has values but deserves a look: a JPEG cut short and decoded partially
 * (`truncated`), an image much smaller than the backbone input (`small`), or an embedding
 * with NaN or ±Inf from the model (`non-finite`). `row` is the image row.
 */
export interface RowWarning {
  readonly row: number;
  readonly name: string;
  readonly kind: WarningKind;
  readonly message: string;
}

/**
 * `shards/<k>.json`: the record that makes shard k count, written after its value files.
 * `checksums` holds the SHA-256 of each value file, `images` the fingerprint of each row's
 * image file when it was read (null when it could not be), and `recordSha256` the SHA-256
 * of this JSON without that field, so a damaged record is noticed too.
 */
export interface ShardRecord {
  readonly rows: number;
  readonly failures: readonly RowFailure[];
  readonly warnings: readonly RowWarning[];
  readonly images: readonly (ImageFingerprint | null)[];
  readonly checksums: Readonly<Record<string, string>>;
}

/** A shard record or value file that does not match its checksum, or cannot be read. */
export class ShardIntegrityError extends Error {
  /** The damaged file. */
  readonly file: string;
  /** The shard. */
  readonly shard: number;

  constructor(file: string, shard: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ShardIntegrityError";
    this.file = file;
    this.shard = shard;
  }
}

/** The record as written: pretty JSON with `recordSha256` last. */
export async function formatShardRecord(record: ShardRecord): Promise<string> {
  const body = _body(record);
  const recordSha256 = await sha256Hex(new TextEncoder().encode(JSON.stringify(body)));
  return JSON.stringify({ ...body, recordSha256 }, null, 1) + "\n";
}

/**
 * Parses and checks a shard record. `what` describes the shard in errors (e.g. `shard 3 of
 * stores/ijbb (image rows 3072..4095)`).
 *
 * @throws {ShardIntegrityError} Naming `file` when the text is not JSON (truncated), a
 * field is malformed, or the record does not match its own checksum.
 */
export async function parseShardRecord(
  text: string,
  file: string,
  k: number,
  what: string,
): Promise<ShardRecord> {
  const damaged = (why: string, cause?: unknown) =>
    new ShardIntegrityError(
      file,
      k,
      `Cannot use ${what} as ${file} ${why}: the next extraction with this store re-extracts these rows`,
      { cause },
    );
  let value: ShardRecord & { recordSha256?: unknown };
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw damaged(`is not complete JSON (${(error as Error).message})`, error);
  }
  if (typeof value !== "object" || value === null || !Number.isInteger(value.rows)) {
    throw damaged("has no whole rows field");
  }
  if (typeof value.recordSha256 !== "string") throw damaged("has no recordSha256");
  const body = _body(value);
  const sum = await sha256Hex(new TextEncoder().encode(JSON.stringify(body)));
  if (sum !== value.recordSha256) throw damaged("does not match its recordSha256");
  if (
    !Array.isArray(body.failures) || body.failures.some((f) => !isFailureReason(f?.reason)) ||
    !Array.isArray(body.warnings) || !Array.isArray(body.images) ||
    body.images.length !== body.rows || typeof body.checksums !== "object"
  ) {
    throw damaged("has malformed failures, warnings, images or checksums");
  }
  return body;
}

/** The record's fields in their written order (drops anything else). */
function _body(record: ShardRecord): ShardRecord {
  return {
    rows: record.rows,
    failures: record.failures,
    warnings: record.warnings,
    images: record.images,
    checksums: record.checksums,
  };
}

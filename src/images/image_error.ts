/**
 * Why an image could not be read, as recorded in skip lists:
 * - `missing`: no file at the path;
 * - `empty`: the file has 0 bytes;
 * - `corrupt`: the bytes are not a decodable image (unknown signature, damaged data, a
 *   header cut short, a truncated PNG; a JPEG cut inside its scan decodes partially);
 * - `unsupported`: the bytes decode, but to something this harness does not accept
 *   (a vector or document format, a sample type other than 8 or 16 bits, more than 4 bands).
 */
export const IMAGE_ERROR_REASONS = ["missing", "empty", "corrupt", "unsupported"] as const;

/** One of {@linkcode IMAGE_ERROR_REASONS}. */
export type ImageErrorReason = typeof IMAGE_ERROR_REASONS[number];

/** Whether `value` is one of {@linkcode IMAGE_ERROR_REASONS}. */
export function isImageErrorReason(value: unknown): value is ImageErrorReason {
  return (IMAGE_ERROR_REASONS as readonly unknown[]).includes(value);
}

/**
 * An image that could not be read. `path` names the file (or the name given to
 * `decodeImageBytes`) and `reason` says why, from a closed vocabulary, so that callers can
 * record a skip reason without parsing the message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ImageError } from "./image_error.ts";
 * const e = new ImageError("a.jpg", "empty", "Cannot decode a.jpg as it has 0 bytes");
 * assert.equal(e.reason, "empty");
 * assert.ok(e instanceof Error);
 * ```
 */
export class ImageError extends Error {
  /** The file path, or the name given with the bytes. */
  readonly path: string;
  /** Why the image could not be read. */
  readonly reason: ImageErrorReason;

  constructor(path: string, reason: ImageErrorReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ImageError";
    this.path = path;
    this.reason = reason;
  }
}

/**
 * Image decoding and PNG encoding: the only file that imports sharp (libvips).
 *
 * The decoder reproduces `cv2.imread(path, cv2.IMREAD_COLOR)` (OpenCV 4.6, libjpeg-turbo,
 * libpng), returned in RGB order rather than OpenCV's BGR:
 * - JPEG and PNG pixels are bit-identical to OpenCV's on the fixtures (same IDCT and
 *   chroma upsampling);
 * - EXIF orientation is applied, as `imread` does by default;
 * - embedded ICC profiles are ignored, as OpenCV ignores them;
 * - greyscale is replicated to three channels;
 * - an alpha channel is dropped, not blended (OpenCV strips it; no flattening on black or
 *   white);
 * - 16-bit samples keep their high byte (`v >> 8`, libpng's `png_set_strip_16`, which
 *   `imread` uses), not a rounded `v / 257`;
 * - CMYK JPEGs go through OpenCV's own formula `k − ((255 − c)·k >> 8)` on the stored
 *   (Adobe-inverted) samples, not through a colour profile;
 * - a truncated JPEG (its header intact, its scan cut short) decodes to what is there, the
 *   missing blocks grey as libjpeg fills them, exactly as `imread` returns it (checked
 *   bit for bit on three fixtures), and is flagged {@linkcode DecodedImage.truncated}; a
 *   truncated PNG, which `imread` cannot read, is "corrupt".
 *
 * @module
 */
import sharp, { type Metadata, type OutputInfo } from "sharp";
import { ImageError } from "./image_error.ts";
import { type RgbImage, rgbImage } from "./rgb_image.ts";

/** Raster formats that are decoded; anything else sharp recognises is "unsupported". */
const _RASTER_FORMATS: readonly string[] = [
  "jpeg",
  "png",
  "webp",
  "tiff",
  "gif",
  "heif",
  "avif",
  "jp2",
];

/** A decoded image, and whether its file was cut short (decoded partially). */
export interface DecodedImage extends RgbImage {
  /** True for a truncated JPEG whose missing part was filled, as OpenCV does. */
  readonly truncated: boolean;
}

/** Options for {@linkcode decodeImageBytes}. */
export interface DecodeOptions {
  /** The name used in errors and carried on {@linkcode ImageError.path}. Default `"<bytes>"`. */
  name?: string;
}

/**
 * Reads and decodes an image file to 8-bit RGB, as `cv2.imread(path, IMREAD_COLOR)` does
 * (see the module doc for greyscale, alpha, 16-bit, CMYK and EXIF orientation).
 *
 * Degenerate cases throw an {@linkcode ImageError} whose `reason` is `"missing"` (no such
 * file), `"empty"` (0 bytes), `"corrupt"` (unknown signature, truncated or damaged data:
 * a truncated JPEG is an error here even though OpenCV returns its partial, grey-filled
 * rows) or `"unsupported"` (a vector format, or samples that are not 8 or 16 bits).
 * Other I/O failures (permissions, a directory) are rethrown unchanged: they are not a
 * property of the image.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeImage } from "./decode.ts";
 * const img = await decodeImage("fixtures/images/rgb.jpg");
 * assert.equal(img.data.length, img.width * img.height * 3);
 * ```
 */
export async function decodeImage(path: string): Promise<DecodedImage> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new ImageError(path, "missing", `Cannot decode ${path} as it does not exist`, {
        cause: error,
      });
    }
    throw error;
  }
  return await decodeImageBytes(bytes, { name: path });
}

/**
 * Decodes encoded image bytes (JPEG, PNG, WebP, TIFF, ...) to 8-bit RGB, as
 * {@linkcode decodeImage} does for a file. Throws {@linkcode ImageError} with reason
 * `"empty"`, `"corrupt"` or `"unsupported"`.
 */
export async function decodeImageBytes(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): Promise<DecodedImage> {
  const name = options.name ?? "<bytes>";
  if (bytes.length === 0) {
    throw new ImageError(name, "empty", `Cannot decode ${name} as it has 0 bytes`);
  }
  const open = (failOn: "truncated" | "none") =>
    sharp(bytes, { failOn, autoOrient: true, ignoreIcc: true });
  const input = open("truncated");
  let meta: Metadata;
  try {
    meta = await input.metadata();
  } catch (error) {
    throw _corrupt(name, error);
  }
  const depth = meta.depth ?? "";
  if (!_RASTER_FORMATS.includes(meta.format ?? "")) {
    throw new ImageError(
      name,
      "unsupported",
      `Cannot decode ${name} as it is in ${meta.format} format: expected a raster image`,
    );
  }
  const cmyk = meta.space === "cmyk";
  if (depth !== "uchar" && (depth !== "ushort" || cmyk)) {
    throw new ImageError(
      name,
      "unsupported",
      `Cannot decode ${name} as its samples are ${depth}: expected 8 or 16 bits`,
    );
  }
  // libjpeg decodes a JPEG whose data ends early, grey-filling the rest, and so does imread:
  // JPEGs are decoded leniently (libvips' error text is unreliable across threads, so the
  // cut is found from the bytes: no end-of-image marker after the last scan).
  const jpeg = meta.format === "jpeg";
  const source = jpeg ? open("none") : input;
  const pipeline = cmyk
    ? source.pipelineColourspace("cmyk").toColourspace("cmyk")
    : source.toColourspace(meta.space);
  let raw: { data: Uint8Array; info: OutputInfo };
  try {
    raw = await pipeline.raw({ depth }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw _corrupt(name, error);
  }
  const truncated = jpeg && _jpegTruncated(bytes);
  const { width, height, channels } = raw.info;
  if (channels < 1 || channels > 4) {
    throw new ImageError(
      name,
      "unsupported",
      `Cannot decode ${name} as it has ${channels} bands: expected 1 to 4`,
    );
  }
  const samples = depth === "ushort"
    ? new Uint16Array(raw.data.buffer, raw.data.byteOffset, raw.data.length >> 1)
    : raw.data;
  const out = cmyk
    ? _cmykToRgb(samples, width * height)
    : _toRgb(samples, width * height, channels, depth === "ushort" ? 8 : 0);
  return { ...rgbImage(width, height, out), truncated };
}

/**
 * Whether a JPEG lacks its end-of-image marker (FF D9) after the start of its last scan
 * (FF DA): inside entropy-coded data FF is always followed by 00 or a restart marker, so an
 * FF D9 there is the end of the image; a thumbnail's markers come before the main scans.
 */
function _jpegTruncated(bytes: Uint8Array): boolean {
  let lastScan = -1;
  for (let i = bytes.length - 2; i >= 0; i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xda) {
      lastScan = i;
      break;
    }
  }
  if (lastScan < 0) return false;
  for (let i = lastScan + 2; i < bytes.length - 1; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return false;
  }
  return true;
}

/**
 * Encodes an {@linkcode RgbImage} as an 8-bit RGB PNG, for writing crops to inspect.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodePng } from "./decode.ts";
 * import { rgbImage } from "./rgb_image.ts";
 * const png = await encodePng(rgbImage(2, 2));
 * assert.equal(png[1], 0x50); // "PNG"
 * ```
 */
export async function encodePng(img: RgbImage): Promise<Uint8Array> {
  const buffer = await sharp(img.data, {
    raw: { width: img.width, height: img.height, channels: 3 },
  }).png().toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

function _corrupt(name: string, error: unknown): ImageError {
  const detail = (error as Error).message.split("\n")[0];
  return new ImageError(name, "corrupt", `Cannot decode ${name} as it is corrupt: ${detail}`, {
    cause: error,
  });
}

/** Grey → replicated, grey+alpha → grey, RGBA → RGB; `shift` 8 keeps a 16-bit high byte. */
function _toRgb(
  src: Uint8Array | Uint16Array,
  pixels: number,
  channels: number,
  shift: number,
): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  if (channels <= 2) {
    for (let p = 0, i = 0; p < pixels; p++, i += channels) {
      const v = src[i]! >> shift;
      out[3 * p] = v;
      out[3 * p + 1] = v;
      out[3 * p + 2] = v;
    }
  } else {
    for (let p = 0, i = 0; p < pixels; p++, i += channels) {
      out[3 * p] = src[i]! >> shift;
      out[3 * p + 1] = src[i + 1]! >> shift;
      out[3 * p + 2] = src[i + 2]! >> shift;
    }
  }
  return out;
}

/**
 * OpenCV's `icvCvt_CMYK2BGR_8u_C4C3R` on the stored samples. libvips hands back true CMYK
 * (it undoes the Adobe inversion), so each sample is inverted back first.
 */
function _cmykToRgb(src: Uint8Array | Uint16Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let p = 0, i = 0; p < pixels; p++, i += 4) {
    const k = 255 - src[i + 3]!;
    for (let c = 0; c < 3; c++) {
      const stored = 255 - src[i + c]!;
      out[3 * p + c] = k - (((255 - stored) * k) >> 8);
    }
  }
  return out;
}

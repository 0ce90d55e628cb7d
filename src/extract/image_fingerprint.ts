import { sha256Hex } from "../provenance/mod.ts";

/**
 * What a feature store remembers of an image file, to tell whether its row is still valid:
 * the size and modification time (cheap, from `stat`) and the SHA-256 of the bytes.
 */
export interface ImageFingerprint {
  readonly size: number;
  /** Modification time in ms since the epoch, or null where the platform has none. */
  readonly mtimeMs: number | null;
  readonly sha256: string;
}

/** How an image file compares with its recorded {@linkcode ImageFingerprint}. */
export type FingerprintCheck =
  /** Same size and modification time: the recorded hash is trusted without reading. */
  | { readonly state: "same" }
  /** Size or time changed but the bytes hash the same (a copy, a touch): the row stays. */
  | { readonly state: "moved"; readonly fingerprint: ImageFingerprint }
  /** The bytes differ, the file is gone, or nothing was recorded: the row is redone. */
  | { readonly state: "changed" };

/**
 * Reads an image file and fingerprints its bytes. The file is stat-ed before it is read, so
 * a file rewritten in between is recorded with its older time and is rehashed next time.
 *
 * @throws {Deno.errors.NotFound} When there is no such file; other I/O errors likewise.
 */
export async function readFingerprinted(
  path: string,
): Promise<{ bytes: Uint8Array; fingerprint: ImageFingerprint }> {
  const info = await Deno.stat(path);
  const bytes = await Deno.readFile(path);
  return {
    bytes,
    fingerprint: {
      size: bytes.length,
      mtimeMs: info.mtime?.getTime() ?? null,
      sha256: await sha256Hex(bytes),
    },
  };
}

/**
 * Compares an image file with its recorded fingerprint, lazily: the file is read and hashed
 * only when its size or modification time differ from the record.
 *
 * @param info The file's `stat`, or null when it does not exist (see {@linkcode statImages}).
 */
export async function checkFingerprint(
  path: string,
  info: Deno.FileInfo | null,
  recorded: ImageFingerprint | null,
): Promise<FingerprintCheck> {
  if (recorded === null || info === null) return { state: "changed" };
  const mtimeMs = info.mtime?.getTime() ?? null;
  if (info.size === recorded.size && mtimeMs === recorded.mtimeMs && mtimeMs !== null) {
    return { state: "same" };
  }
  if (info.size !== recorded.size) return { state: "changed" };
  let fresh: ImageFingerprint;
  try {
    fresh = (await readFingerprinted(path)).fingerprint;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { state: "changed" };
    throw new Error(`Cannot check image ${path}: ${(error as Error).message}`, { cause: error });
  }
  return fresh.sha256 === recorded.sha256
    ? { state: "moved", fingerprint: fresh }
    : { state: "changed" };
}

/**
 * `stat`s every path, a few hundred at a time; a missing file gives null.
 *
 * @throws {Error} Naming the file for errors other than "not found" (permissions).
 */
export async function statImages(paths: readonly string[]): Promise<(Deno.FileInfo | null)[]> {
  const out: (Deno.FileInfo | null)[] = new Array(paths.length);
  const step = 256;
  for (let i = 0; i < paths.length; i += step) {
    await Promise.all(
      paths.slice(i, i + step).map(async (path, j) => {
        try {
          out[i + j] = await Deno.stat(path);
        } catch (error) {
          if (!(error instanceof Deno.errors.NotFound)) {
            throw new Error(`Cannot check image ${path}: ${(error as Error).message}`, {
              cause: error,
            });
          }
          out[i + j] = null;
        }
      }),
    );
  }
  return out;
}

/**
 * SHA-256 of the image files' sizes (one decimal line per row, `-1` for a missing file): a
 * cheap identity of a whole image set that every part of a sharded extraction computes, so
 * that merging parts made from different images is refused.
 */
export async function imageSizesSha256(infos: readonly (Deno.FileInfo | null)[]): Promise<string> {
  const text = infos.map((info) => `${info?.size ?? -1}\n`).join("");
  return await sha256Hex(new TextEncoder().encode(text));
}

import { createHash } from "node:crypto";

/** Size and SHA-256 of one file. */
export interface FileDigest {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * Streams a file through SHA-256, so a 1 GB feature file or checkpoint is never held in
 * memory. `onProgress` gets bytes hashed and the file size.
 */
export async function digestFile(
  path: string,
  options: { onProgress?: (done: number, total: number) => void } = {},
): Promise<FileDigest> {
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  const total = (await file.stat()).size;
  const buffer = new Uint8Array(1 << 22);
  let bytes = 0;
  for (;;) {
    const n = await file.read(buffer);
    if (n === null) break;
    hash.update(buffer.subarray(0, n));
    bytes += n;
    options.onProgress?.(bytes, total);
  }
  return { path, bytes, sha256: hash.digest("hex") };
}

/**
 * Reads from `file` until `into` is full or the file ends, and returns the bytes read
 * (a single `read()` may return fewer).
 */
export async function readFull(file: Deno.FsFile, into: Uint8Array): Promise<number> {
  let filled = 0;
  while (filled < into.length) {
    const n = await file.read(into.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return filled;
}

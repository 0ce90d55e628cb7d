/**
 * Writes a file atomically: the data goes to `<path>.tmp-<random>` beside it, which is then
 * renamed over `path`, so readers see either the old file or the whole new one. On failure
 * the temporary file is removed and the error rethrown. Strings are written as UTF-8; an
 * array or async iterable of byte chunks is written in order without joining them, so a
 * large file can be streamed (an error thrown by the iterable leaves no file behind).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { atomicWriteFile } from "./atomic_write.ts";
 * const dir = await Deno.makeTempDir();
 * await atomicWriteFile(`${dir}/a.txt`, "hello");
 * assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "hello");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function atomicWriteFile(
  path: string,
  data: string | Uint8Array | readonly Uint8Array[] | AsyncIterable<Uint8Array>,
): Promise<void> {
  const suffix = crypto.getRandomValues(new Uint8Array(6));
  const tmp = `${path}.tmp-${Array.from(suffix, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  const chunks = typeof data === "string"
    ? [new TextEncoder().encode(data)]
    : data instanceof Uint8Array
    ? [data]
    : data;
  try {
    const file = await Deno.open(tmp, { write: true, createNew: true });
    try {
      for await (const chunk of chunks) {
        let done = 0;
        while (done < chunk.length) done += await file.write(chunk.subarray(done));
      }
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/**
 * Writes a file atomically and durably: the data goes to `<path>.tmp-<random>` beside it,
 * is flushed to the disk (`fsync`), and is then renamed over `path`, after which the folder
 * entry is flushed too. Readers see either the old file or the whole new one, and a power
 * loss cannot leave a renamed but empty file. On failure the temporary file is removed and
 * an error naming `path` is thrown (the original error is its `cause`). Strings are written
 * as UTF-8; an array or async iterable of byte chunks is written in order without joining
 * them, so a large file can be streamed (an error thrown by the iterable leaves no file
 * behind and is rethrown unchanged).
 *
 * @throws {Error} `Cannot write PATH: <reason>` for an I/O failure (disk full, no folder,
 * permissions), with `cause` the original error.
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
  let ioError = true;
  try {
    const file = await Deno.open(tmp, { write: true, createNew: true });
    try {
      const iterator = (chunks as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]?.() ??
        (chunks as Iterable<Uint8Array>)[Symbol.iterator]();
      while (true) {
        ioError = false;
        const next = await iterator.next();
        ioError = true;
        if (next.done) break;
        const chunk = next.value;
        let done = 0;
        while (done < chunk.length) done += await file.write(chunk.subarray(done));
      }
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
    await syncDir(_parent(path));
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    if (!ioError) throw error;
    throw new Error(`Cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Flushes a folder's entries (`fsync` on the folder), so that files created or renamed in it
 * survive a power loss. Platforms that cannot open a folder (Windows) are skipped.
 */
export async function syncDir(dir: string): Promise<void> {
  let handle: Deno.FsFile;
  try {
    handle = await Deno.open(dir, { read: true });
  } catch (error) {
    if (Deno.build.os === "windows") return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotSupported || Deno.build.os === "windows")) throw error;
  } finally {
    handle.close();
  }
}

function _parent(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
}

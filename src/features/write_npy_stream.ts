import { atomicWriteFile } from "./atomic_write.ts";
import { _formatNpyHeader } from "./_npy_header.ts";

/**
 * Streams float32 chunks into a NumPy .npy file of the given shape, with the header bytes
 * of {@linkcode writeNpy}, without holding the whole array (an IJB-C feature export is
 * 961 MB). Written atomically; when the chunks do not add up to the shape, no file is left.
 *
 * @throws {TypeError} when the chunks hold a different number of values than the shape.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeNpyStream } from "./write_npy_stream.ts";
 * const dir = await Deno.makeTempDir();
 * async function* rows() {
 *   yield Float32Array.of(1, 2);
 *   yield Float32Array.of(3, 4);
 * }
 * await writeNpyStream(`${dir}/a.npy`, [2, 2], rows());
 * assert.equal((await Deno.stat(`${dir}/a.npy`)).size, 128 + 16);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeNpyStream(
  path: string,
  shape: readonly number[],
  chunks: AsyncIterable<Float32Array>,
): Promise<void> {
  const expected = shape.reduce((a, b) => a * b, 1);
  async function* bytes() {
    yield _formatNpyHeader(shape);
    let written = 0;
    for await (const chunk of chunks) {
      written += chunk.length;
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    if (written !== expected) {
      throw new TypeError(
        `Cannot write ${path} with shape [${
          shape.join(", ")
        }] from ${written} values: expected ${expected}`,
      );
    }
  }
  await atomicWriteFile(path, bytes());
}

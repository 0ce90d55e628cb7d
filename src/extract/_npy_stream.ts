/**
 * Streams a float32 .npy file (v1.0, '<f4', C order) to disk without holding the whole
 * array: the header numpy 1.24's `np.save` writes, then the chunks in order, into a
 * temporary file renamed over `path` at the end (atomic, as `atomicWriteFile`).
 *
 * (src/features has the same header in a private helper; this copy streams.)
 */
export async function _writeNpyStream(
  path: string,
  shape: readonly [number, number],
  chunks: AsyncIterable<Float32Array>,
): Promise<void> {
  const suffix = crypto.getRandomValues(new Uint8Array(6));
  const tmp = `${path}.tmp-${Array.from(suffix, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  const expected = shape[0] * shape[1];
  try {
    const file = await Deno.open(tmp, { write: true, createNew: true });
    let written = 0;
    try {
      await _writeAll(file, _npyHeader(shape));
      for await (const chunk of chunks) {
        written += chunk.length;
        await _writeAll(file, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      }
    } finally {
      file.close();
    }
    if (written !== expected) {
      throw new TypeError(
        `Cannot write ${path} with shape [${
          shape.join(", ")
        }] from ${written} values: expected ${expected}`,
      );
    }
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

async function _writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += await file.write(bytes.subarray(done));
}

function _npyHeader(shape: readonly [number, number]): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape[0]}, ${shape[1]}), }`;
  header += " ".repeat(21 - String(shape[0]).length);
  const length = header.length + 1;
  const total = length + (64 - ((10 + length) % 64));
  const out = new Uint8Array(10 + total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, total & 0xff, total >> 8]);
  out.set(new TextEncoder().encode(header.padEnd(total - 1, " ") + "\n"), 10);
  return out;
}

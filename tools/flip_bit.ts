/**
 * Flips one bit of a file in place, for fault injection: a damaged feature-store shard, a
 * damaged checkpoint.
 *
 * ```sh
 * deno run -A tools/flip_bit.ts FILE [BYTE [BIT]]   # default: the middle byte, bit 0
 * ```
 *
 * @module
 */

/**
 * Flips bit `bit` (0 = least significant) of byte `byte` of `path` in place and returns the
 * byte's new value. Negative `byte` counts from the end. Default: the middle byte, bit 0.
 *
 * @throws {RangeError} When the byte or bit is outside the file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flipBit } from "./flip_bit.ts";
 * const file = await Deno.makeTempFile();
 * await Deno.writeFile(file, Uint8Array.of(0, 0, 0));
 * assert.equal(await flipBit(file, { byte: -1, bit: 7 }), 128);
 * assert.deepEqual(await Deno.readFile(file), Uint8Array.of(0, 0, 128));
 * await Deno.remove(file);
 * ```
 */
export async function flipBit(
  path: string,
  options: { byte?: number; bit?: number } = {},
): Promise<number> {
  const size = (await Deno.stat(path)).size;
  const byte = options.byte === undefined
    ? Math.floor(size / 2)
    : options.byte < 0
    ? size + options.byte
    : options.byte;
  const bit = options.bit ?? 0;
  if (!(Number.isInteger(byte) && byte >= 0 && byte < size)) {
    throw new RangeError(`Cannot flip byte ${options.byte} of ${path} as it has ${size} bytes`);
  }
  if (!(Number.isInteger(bit) && bit >= 0 && bit < 8)) {
    throw new RangeError(`Cannot flip bit ${bit}: expected 0 to 7`);
  }
  const file = await Deno.open(path, { read: true, write: true });
  try {
    const one = new Uint8Array(1);
    await file.seek(byte, Deno.SeekMode.Start);
    await file.read(one);
    one[0] = one[0]! ^ (1 << bit);
    await file.seek(byte, Deno.SeekMode.Start);
    await file.write(one);
    return one[0];
  } finally {
    file.close();
  }
}

if (import.meta.main) {
  const [path, byte, bit] = Deno.args;
  if (path === undefined) {
    console.error("usage: deno run -A tools/flip_bit.ts FILE [BYTE [BIT]]");
    Deno.exit(2);
  }
  const value = await flipBit(path, {
    byte: byte === undefined ? undefined : Number(byte),
    bit: bit === undefined ? undefined : Number(bit),
  });
  console.log(`flipped a bit of ${path}: the byte is now ${value}`);
}

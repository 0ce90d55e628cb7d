import assert from "node:assert/strict";
import { writeNpy } from "./write_npy.ts";
import { writeNpyStream } from "./write_npy_stream.ts";

async function* chunks(...parts: number[][]) {
  for (const p of parts) yield Float32Array.from(p);
}

Deno.test("writeNpyStream() writes the same bytes as writeNpy()", async () => {
  const dir = await Deno.makeTempDir();
  await writeNpy(`${dir}/a.npy`, { shape: [3, 2], data: Float32Array.of(1, 2, 3, 4, 5, 6) });
  await writeNpyStream(`${dir}/b.npy`, [3, 2], chunks([1, 2], [3, 4, 5, 6]));
  assert.deepEqual(await Deno.readFile(`${dir}/b.npy`), await Deno.readFile(`${dir}/a.npy`));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeNpyStream() leaves no file when the chunks do not fill the shape", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(
    () => writeNpyStream(`${dir}/c.npy`, [3, 2], chunks([1, 2])),
    TypeError,
    "c.npy with shape [3, 2] from 2 values: expected 6",
  );
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

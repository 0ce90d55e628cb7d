import assert from "node:assert/strict";
import { matrix } from "../core/mod.ts";
import { openNpy } from "./open_npy.ts";
import { writeNpy } from "./write_npy.ts";

const DIR = "fixtures/protocol/npy";

async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("writeNpy() writes the same bytes as numpy's np.save", async (t) => {
  const cases: [string, Parameters<typeof writeNpy>[1]][] = [
    ["w_2x3.npy", matrix(2, 3, Float32Array.from([0, 1, 2, 3, 4, 5], (v) => v / 7))],
    ["w_1d.npy", { shape: [3], data: Float32Array.of(1.5, -2.25, 3) }],
    ["w_0x4.npy", { shape: [0, 4], data: new Float32Array(0) }],
  ];
  for (const [file, m] of cases) {
    await t.step(file, async () => {
      await inTempDir(async (dir) => {
        await writeNpy(`${dir}/out.npy`, m);
        assert.deepEqual(
          await Deno.readFile(`${dir}/out.npy`),
          await Deno.readFile(`${DIR}/${file}`),
        );
        assert.deepEqual(Array.from(Deno.readDirSync(dir), (e) => e.name), ["out.npy"]);
      });
    });
  }
});

Deno.test("writeNpy() round-trips a streamed 4096 x 512 matrix from a subarray", async () => {
  await inTempDir(async (dir) => {
    const backing = new Float32Array(1 + 4096 * 512);
    for (let i = 0; i < backing.length; i++) backing[i] = Math.sin(i) * 100;
    const data = backing.subarray(1);
    await writeNpy(`${dir}/big.npy`, matrix(4096, 512, data));
    assert.equal((await Deno.stat(`${dir}/big.npy`)).size, 128 + 4096 * 512 * 4);
    using reader = await openNpy(`${dir}/big.npy`);
    assert.deepEqual([reader.rows, reader.dim], [4096, 512]);
    for (let start = 0; start < 4096; start += 1000) {
      const count = Math.min(1000, 4096 - start);
      assert.deepEqual(
        await reader.readRows(start, count),
        data.subarray(start * 512, (start + count) * 512),
      );
    }
  });
});

Deno.test("writeNpy() replaces an existing file and rejects bad shapes", async () => {
  await inTempDir(async (dir) => {
    const path = `${dir}/f.npy`;
    await Deno.writeTextFile(path, "old");
    await writeNpy(path, { shape: [1, 1], data: Float32Array.of(2) });
    assert.equal((await Deno.stat(path)).size, 132);
    await assert.rejects(writeNpy(path, { shape: [2, 2], data: new Float32Array(3) }), {
      name: "TypeError",
      message: `Cannot write ${path} with shape [2, 2] from 3 values: expected 4`,
    });
    await assert.rejects(writeNpy(path, { shape: [-1], data: new Float32Array(0) }), {
      name: "RangeError",
      message: `Cannot write ${path} with shape [-1]: expected whole numbers`,
    });
    assert.equal((await Deno.stat(path)).size, 132);
  });
});

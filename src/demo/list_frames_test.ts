import assert from "node:assert/strict";
import { listFrames } from "./list_frames.ts";

Deno.test("listFrames() keeps jpg/png files in numeric name order", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    for (const name of ["10.png", "2.jpg", "1.JPEG", "notes.txt", "b.png", "a.png"]) {
      await Deno.writeFile(`${dir}/${name}`, new Uint8Array(1));
    }
    await Deno.mkdir(`${dir}/3.png`);
    await t.step("all frames, digits compared as numbers", async () => {
      const names = (await listFrames(dir)).map((p) => p.slice(dir.length + 1));
      assert.deepEqual(names, ["1.JPEG", "2.jpg", "10.png", "a.png", "b.png"]);
    });
    await t.step("maxFrames keeps the first ones", async () => {
      assert.deepEqual(await listFrames(`${dir}/`, { maxFrames: 2 }), [
        `${dir}/1.JPEG`,
        `${dir}/2.jpg`,
      ]);
    });
    await t.step("a bad maxFrames is a RangeError", async () => {
      await assert.rejects(listFrames(dir, { maxFrames: 0 }), {
        name: "RangeError",
        message: "Cannot keep 0 frames: expected a whole number ≥ 1",
      });
    });
    await t.step("a missing folder is NotFound", async () => {
      await assert.rejects(listFrames(`${dir}/nope`), Deno.errors.NotFound);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

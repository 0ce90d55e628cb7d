import assert from "node:assert/strict";
import { decodeImageBytes, rgbImage } from "./mod.ts";
import { thumbnailDataUrl } from "./thumbnail.ts";

async function _decode(url: string) {
  assert.ok(url.startsWith("data:image/png;base64,"));
  const bytes = Uint8Array.from(atob(url.slice(22)), (c) => c.charCodeAt(0));
  return await decodeImageBytes(bytes);
}

Deno.test("thumbnailDataUrl() box-averages by a whole factor into a PNG data URL", async (t) => {
  // 5×4 image, pixel (x, y) = (10x + y, 2·(10x + y), 0).
  const img = rgbImage(5, 4);
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 5; x++) {
      img.data.set([10 * x + y, 2 * (10 * x + y), 0], (y * 5 + x) * 3);
    }
  }
  await t.step("size 2: factor 3, 1×1 of the top-left 3×3 block", async () => {
    const out = await _decode(await thumbnailDataUrl(img, { size: 2 }));
    // Mean of 10x + y over x, y in 0..2 = 10 + 1 = 11.
    assert.deepEqual([out.width, out.height, ...out.data], [1, 1, 11, 22, 0]);
  });
  await t.step("size 3: factor 2, 2×2 blocks", async () => {
    const out = await _decode(await thumbnailDataUrl(img, { size: 3 }));
    // Block (bx, by) mean = 10(2bx + 0.5) + (2by + 0.5) = 20bx + 2by + 5.5, rounded half up.
    assert.deepEqual([out.width, out.height], [2, 2]);
    assert.deepEqual(Array.from(out.data.filter((_, i) => i % 3 === 0)), [6, 26, 8, 28]);
  });
  await t.step("already small: unchanged", async () => {
    const out = await _decode(await thumbnailDataUrl(img, { size: 56 }));
    assert.deepEqual(out.data, img.data);
  });
  await t.step("a bad size is a RangeError", async () => {
    await assert.rejects(thumbnailDataUrl(img, { size: 0 }), {
      name: "RangeError",
      message: "Cannot make a thumbnail of size 0: expected a whole number ≥ 1",
    });
  });
});

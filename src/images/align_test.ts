import assert from "node:assert/strict";
import { alignCases, diffStats, fixturePath } from "./_reference.ts";
import { alignFace } from "./align.ts";
import { decodeImage } from "./decode.ts";
import { rgbImage } from "./rgb_image.ts";

Deno.test("alignFace() matches OpenCV's crop: mean |diff| ≤ 0.5 and p99 ≤ 3", async (t) => {
  for (const c of alignCases()) {
    await t.step(c.case, async () => {
      const img = await decodeImage(fixturePath(`align/${c.image}`));
      const crop = alignFace(img, Float64Array.from(c.landmarks));
      assert.equal(crop.width, 112);
      assert.equal(crop.height, 112);
      const reference = await decodeImage(fixturePath(`align/${c.crop}`));
      const stats = diffStats(crop.data, reference.data);
      assert.ok(stats.mean <= 0.5, `${c.case}: mean |diff| ${stats.mean}`);
      assert.ok(stats.p99 <= 3, `${c.case}: p99 |diff| ${stats.p99}`);
      const sums = [0, 0, 0];
      crop.data.forEach((v, i) => sums[i % 3]! += v);
      const total = (s: number[]) => s.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total(sums) - total(c.crop_sum_rgb)) <= 0.5 * crop.data.length);
    });
  }
});

Deno.test("alignFace() accepts float32 landmarks and a custom size", () => {
  const img = rgbImage(4, 4, new Uint8Array(48).fill(200));
  const template = Float64Array.of(1, 1, 3, 1, 2, 2, 1, 3, 3, 3);
  const crop = alignFace(img, Float32Array.from(template), { template, size: 4 });
  assert.equal(crop.width, 4);
  // Identity warp: interior pixels keep their value; the last row/column blends with black.
  assert.equal(crop.data[0], 200);
  assert.equal(crop.data[3 * (4 * 3 + 3)], 200);
});

Deno.test("alignFace() rejects degenerate landmarks", () => {
  assert.throws(() => alignFace(rgbImage(8, 8), new Float32Array(10)), {
    name: "RangeError",
    message:
      "Cannot estimate a similarity transform as all 5 source points coincide: expected at least 2 distinct points",
  });
});

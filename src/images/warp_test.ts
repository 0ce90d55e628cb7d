import assert from "node:assert/strict";
import { alignCases, diffStats, fixturePath, sha256 } from "./_reference.ts";
import { decodeImage } from "./decode.ts";
import { rgbImage } from "./rgb_image.ts";
import { warpAffine } from "./warp.ts";

Deno.test("warpAffine() reproduces cv2.warpAffine bit for bit with skimage's M", async (t) => {
  for (const c of alignCases()) {
    await t.step(c.case, async () => {
      const img = await decodeImage(fixturePath(`align/${c.image}`));
      // The decoder matches cv2.imread exactly, so any difference below is the warp's.
      assert.equal(await sha256(img.data), c.decoded_sha256_rgb);
      const crop = warpAffine(img, Float64Array.from(c.M));
      const reference = await decodeImage(fixturePath(`align/${c.crop}`));
      const stats = diffStats(crop.data, reference.data);
      assert.deepEqual(stats, { mean: 0, p99: 0, max: 0 });
      let black = 0;
      for (let p = 0; p < 112 * 112; p++) {
        if (crop.data[3 * p]! + crop.data[3 * p + 1]! + crop.data[3 * p + 2]! === 0) black++;
      }
      assert.equal(black, c.crop_black_pixels);
    });
  }
});

Deno.test("warpAffine() interpolates at 1/32 pixel and blends the edge with black", () => {
  const src = rgbImage(2, 1, new Uint8Array([0, 0, 0, 100, 100, 100]));
  const at = (tx: number) =>
    warpAffine(src, Float64Array.of(1, 0, tx, 0, 1, 0), { width: 1, height: 1 }).data[0];
  assert.equal(at(-0.5), 50);
  assert.equal(at(-0.25), 25);
  // 0.3 px is quantised to 10/32 = 0.3125 → 31.25 → 31.
  assert.equal(at(-0.3), 31);
  // Sampling x = 1.5: half pixel 1 (100), half the black border.
  assert.equal(at(-1.5), 50);
  // Wholly outside.
  assert.equal(at(-2), 0);
  assert.equal(at(1.5), 0);
});

Deno.test("warpAffine() keeps an identity warp unchanged and uses the output size", () => {
  const data = Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => (i * 37) % 256);
  const src = rgbImage(4, 3, data);
  const out = warpAffine(src, Float64Array.of(1, 0, 0, 0, 1, 0), { width: 4, height: 3 });
  assert.deepEqual(out.data, data);
  const big = warpAffine(src, Float64Array.of(1, 0, 0, 0, 1, 0), { width: 5, height: 2 });
  assert.equal(big.width, 5);
  assert.equal(big.height, 2);
  assert.deepEqual(Array.from(big.data.subarray(12, 15)), [0, 0, 0]);
});

Deno.test("warpAffine() rejects a bad matrix or size", () => {
  const src = rgbImage(2, 2);
  assert.throws(
    () => warpAffine(src, new Float64Array(5)),
    { name: "TypeError", message: "Cannot warp with an affine matrix of 5 values: expected 6" },
  );
  assert.throws(() => warpAffine(src, Float64Array.of(1, 0, NaN, 0, 1, 0)), {
    name: "RangeError",
    message: "Cannot warp with an affine matrix whose entry 2 is NaN: expected finite values",
  });
  assert.throws(() => warpAffine(src, Float64Array.of(1, 2, 0, 2, 4, 0)), {
    name: "RangeError",
    message:
      "Cannot warp with a singular affine matrix [1, 2, 0, 2, 4, 0]: expected a non-zero determinant",
  });
  assert.throws(() => warpAffine(src, Float64Array.of(1, 0, 0, 0, 1, 0), { width: 0 }), {
    name: "RangeError",
    message: "Cannot warp to a width of 0: expected a positive whole number",
  });
});

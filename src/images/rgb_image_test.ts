import assert from "node:assert/strict";
import { rgbImage } from "./rgb_image.ts";

Deno.test("rgbImage() checks the byte count and allocates black", () => {
  assert.deepEqual(rgbImage(2, 1).data, new Uint8Array(6));
  assert.equal(rgbImage(0, 0).data.length, 0);
  assert.throws(() => rgbImage(2, 2, new Uint8Array(11)), {
    name: "TypeError",
    message: "Cannot build an RGB image of size 2×2 from 11 bytes: expected 12",
  });
  assert.throws(() => rgbImage(1.5, 2), {
    name: "RangeError",
    message: "Cannot build an RGB image of size 1.5×2: expected whole numbers",
  });
});

import assert from "node:assert/strict";
import { rgbImage } from "./rgb_image.ts";
import { isColourOrder, toTensor } from "./to_tensor.ts";

const crop = rgbImage(2, 1, new Uint8Array([255, 128, 0, 10, 20, 30]));

Deno.test("toTensor() defaults to AdaFace's BGR (x/255 - 0.5)/0.5 in NCHW", () => {
  const t = toTensor([crop, crop]);
  assert.equal(t.length, 2 * 3 * 2);
  const f = (x: number) => Math.fround((x / 255 - 0.5) / 0.5);
  const one = [f(0), f(30), f(128), f(20), f(255), f(10)]; // B plane, G plane, R plane
  assert.deepEqual(Array.from(t), [...one, ...one]);
});

Deno.test("toTensor() expresses RGB and MobileFaceNet's (x - 127)/128", () => {
  const t = toTensor([crop], {
    colour: "rgb",
    scale: 1,
    mean: [127, 127, 127],
    std: [128, 128, 128],
  });
  assert.deepEqual(Array.from(t), [1, -117 / 128, 1 / 128, -107 / 128, -127 / 128, -97 / 128]);
  const perChannel = toTensor([crop], {
    colour: "rgb",
    scale: 1,
    mean: [0, 10, 20],
    std: [1, 2, 4],
  });
  assert.deepEqual(Array.from(perChannel), [255, 10, 59, 5, -5, 2.5]);
});

Deno.test("toTensor() handles an empty batch and rejects mixed sizes or bad scaling", () => {
  assert.equal(toTensor([]).length, 0);
  assert.throws(() => toTensor([crop, rgbImage(1, 1)]), {
    name: "TypeError",
    message: "Cannot batch crop 1 of size 1×1: expected 2×1 like crop 0",
  });
  assert.throws(() => toTensor([crop], { std: [0.5, 0, 0.5] }), {
    name: "RangeError",
    message:
      "Cannot normalise crops with scale 255 and std [0.5, 0, 0.5]: expected finite non-zero values",
  });
  assert.throws(() => toTensor([crop], { mean: [0, NaN, 0] }), {
    name: "RangeError",
    message: "Cannot normalise crops with mean [0, NaN, 0]: expected finite values",
  });
});

Deno.test("isColourOrder() accepts exactly bgr and rgb", () => {
  assert.ok(isColourOrder("bgr") && isColourOrder("rgb"));
  assert.ok(!isColourOrder("BGR") && !isColourOrder(undefined));
});

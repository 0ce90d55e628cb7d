import assert from "node:assert/strict";
import { weightLookup, weightsFromBuffer } from "./weights.ts";

Deno.test("weightLookup() checks keys and shapes", async (t) => {
  const w = weightLookup(
    new Map([
      ["a.weight", { shape: [2, 3], data: new Float32Array(6).fill(1) }],
      ["a.gate", { shape: [], data: new Float32Array([0.5]) }],
    ]),
    { source: "test.ckpt" },
  );
  await t.step("returns the values for the right shape", () => {
    assert.equal(w("a.weight", [2, 3]).length, 6);
  });
  await t.step("treats one-value shapes alike", () => {
    assert.equal(w("a.gate", [1])[0], 0.5);
    assert.equal(w("a.gate", [1, 1])[0], 0.5);
  });
  await t.step("a missing key is a RangeError", () => {
    assert.throws(() => w("b", [1]), {
      name: "RangeError",
      message: 'Cannot find weight "b" in test.ckpt: the key is missing',
    });
  });
  await t.step("a wrong shape is a TypeError", () => {
    assert.throws(() => w("a.weight", [3, 2]), {
      name: "TypeError",
      message: 'Cannot use weight "a.weight" in test.ckpt of shape [2,3]: expected [3,2]',
    });
  });
});

Deno.test("weightsFromBuffer() reads float32 tensors at float offsets", () => {
  const floats = Float32Array.from([1, 2, 3, 4, 5]);
  const bytes = new Uint8Array(floats.buffer);
  const w = weightsFromBuffer(bytes, { x: { offset: 1, shape: [2, 2] } });
  assert.deepEqual([...w("x", [2, 2])], [2, 3, 4, 5]);
  assert.throws(() => weightsFromBuffer(bytes, { y: { offset: 3, shape: [3] } }), {
    name: "RangeError",
    message: 'Cannot read weight "y" at float offset 3 with 3 values: the buffer holds 5',
  });
});

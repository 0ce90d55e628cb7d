import assert from "node:assert/strict";
import { arraySplitSizes, CHUNK_WHOLE } from "./array_split.ts";

Deno.test("arraySplitSizes() reproduces np.array_split(arange(T), ceil(T/N))", async (t) => {
  // Expected values written out from numpy: [len(p) for p in np.array_split(range(T), k)].
  await t.step("uneven parts put the extra images first", () => {
    assert.deepEqual(arraySplitSizes(17, 8), [6, 6, 5]);
    assert.deepEqual(arraySplitSizes(40, 16), [14, 13, 13]);
    assert.deepEqual(arraySplitSizes(10, 4), [4, 3, 3]);
    assert.deepEqual(arraySplitSizes(7, 4), [4, 3]);
    assert.deepEqual(arraySplitSizes(235, 8), [...Array(25).fill(8), ...Array(5).fill(7)]);
  });
  await t.step("exact multiples give equal parts", () => {
    assert.deepEqual(arraySplitSizes(16, 8), [8, 8]);
    assert.deepEqual(arraySplitSizes(12, 4), [4, 4, 4]);
  });
  await t.step("no split at or below the chunk size, or with CHUNK_WHOLE", () => {
    assert.deepEqual(arraySplitSizes(8, 8), [8]);
    assert.deepEqual(arraySplitSizes(3, 8), [3]);
    assert.deepEqual(arraySplitSizes(9999, 9999), [9999]);
    assert.deepEqual(arraySplitSizes(20000, CHUNK_WHOLE), [20000]);
    assert.deepEqual(arraySplitSizes(0, 8), []);
  });
  await t.step("9999 splits like any other chunk size, as the official CAFace code", () => {
    // [len(p) for p in np.array_split(np.arange(T), int(np.ceil(T / 9999)))]
    assert.deepEqual(arraySplitSizes(10000, 9999), [5000, 5000]);
    assert.deepEqual(arraySplitSizes(20000, 9999), [6667, 6667, 6666]);
    assert.deepEqual(arraySplitSizes(29997, 9999), [9999, 9999, 9999]);
    assert.deepEqual(arraySplitSizes(29998, 9999), [7500, 7500, 7499, 7499]);
  });
  await t.step("the parts always add up and differ by at most one", () => {
    for (let total = 1; total < 300; total++) {
      for (const chunk of [1, 2, 3, 5, 8, 16, 64]) {
        const sizes = arraySplitSizes(total, chunk);
        assert.equal(sizes.reduce((a, b) => a + b, 0), total);
        assert.equal(sizes.length, total > chunk ? Math.ceil(total / chunk) : 1);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
        assert.ok(Math.max(...sizes) <= chunk);
      }
    }
  });
  await t.step("bad sizes are range errors", () => {
    assert.throws(() => arraySplitSizes(5, -2), {
      name: "RangeError",
      message: "Cannot split with chunk size -2: expected a whole number ≥ 1 or 0 (whole)",
    });
    assert.throws(() => arraySplitSizes(-1, 8), {
      name: "RangeError",
      message: "Cannot split -1 images: expected a whole number ≥ 0",
    });
  });
});

import assert from "node:assert/strict";
import { matrix } from "../features/mod.ts";
import { Similarity } from "./similarity.ts";

Deno.test("Similarity.scores() writes into a reused buffer what it returns fresh", async () => {
  const similarity = await Similarity.create();
  try {
    const value = (i: number) => Math.sin(i * 0.7) * 2;
    const a = matrix(3, 4, Float32Array.from({ length: 12 }, (_, i) => value(i)));
    const b = matrix(5, 4, Float32Array.from({ length: 20 }, (_, i) => value(i + 40)));
    // float64 dot products, rounded once: the Gemm's float32 sums may differ in the last bit.
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 5; j++) {
        let dot = 0;
        for (let k = 0; k < 4; k++) dot += a.data[i * 4 + k]! * b.data[j * 4 + k]!;
        const fresh = await similarity.scores(a, b);
        assert.ok(Math.abs(fresh[i * 5 + j]! - dot) < 1e-5);
      }
    }
    const fresh = await similarity.scores(a, b);
    const buffer = new Float32Array(20).fill(-9);
    const first = await similarity.scores(a, b, buffer);
    assert.equal(first.buffer, buffer.buffer, "the buffer is the result");
    assert.deepEqual(first, fresh);
    assert.deepEqual([...buffer.subarray(15)], [-9, -9, -9, -9, -9], "only 3 × 5 written");
    const again = await similarity.scores(matrix(1, 4, b.data.slice(0, 4)), b, buffer);
    assert.deepEqual(again, await similarity.scores(matrix(1, 4, b.data.slice(0, 4)), b));
    await assert.rejects(similarity.scores(a, b, new Float32Array(14)), RangeError);
  } finally {
    await similarity.release();
  }
});

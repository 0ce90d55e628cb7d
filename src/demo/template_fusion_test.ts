import assert from "node:assert/strict";
import { matrix } from "../features/mod.ts";
import { averageTemplate, unitVector } from "./template_fusion.ts";

Deno.test("averageTemplate() is the normalised mean with norm-share weights", async (t) => {
  await t.step("two rows, hand-computed", () => {
    // Rows (3, 4) and (0, -1): norms 5 and 1, mean (1.5, 1.5) → (1/√2, 1/√2).
    const { fused, weights } = averageTemplate(matrix(2, 2, new Float32Array([3, 4, 0, -1])));
    assert.deepEqual(Array.from(weights), [5 / 6, 1 / 6]);
    assert.ok(
      Math.abs(fused[0]! - Math.SQRT1_2) < 1e-7 && Math.abs(fused[1]! - Math.SQRT1_2) < 1e-7,
    );
  });
  await t.step("no rows: zero feature, no weights", () => {
    const { fused, weights } = averageTemplate(matrix(0, 3));
    assert.deepEqual(Array.from(fused), [0, 0, 0]);
    assert.equal(weights.length, 0);
  });
  await t.step("zero rows: zero feature, equal weights", () => {
    const { fused, weights } = averageTemplate(matrix(2, 2));
    assert.deepEqual(Array.from(fused), [0, 0]);
    assert.deepEqual(Array.from(weights), [0.5, 0.5]);
  });
});

Deno.test("unitVector() divides by the norm plus 1e-8", () => {
  const v = unitVector([0, 3e-8, 4e-8]);
  assert.ok(Math.abs(v[1]! - Math.fround(3e-8 / (5e-8 + 1e-8))) < 1e-12);
  assert.ok(Math.abs(v[2]! - Math.fround(4e-8 / 6e-8)) < 1e-7);
});

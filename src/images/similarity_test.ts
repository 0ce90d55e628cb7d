import assert from "node:assert/strict";
import { alignCases, fixturePath } from "./_reference.ts";
import { ARCFACE_TEMPLATE, estimateSimilarity } from "./similarity.ts";

interface SimilarityCase {
  name: string;
  landmarks: number[];
  M: number[];
}

function assertClose(actual: Float64Array, expected: number[], tolerance = 1e-9): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    const bound = tolerance * Math.max(1, Math.abs(e));
    assert.ok(Math.abs(actual[i]! - e) <= bound, `entry ${i}: ${actual[i]} vs skimage ${e}`);
  });
}

Deno.test("estimateSimilarity() matches skimage SimilarityTransform.estimate within 1e-9", async (t) => {
  for (const c of alignCases()) {
    await t.step(c.case, () => {
      assertClose(estimateSimilarity(Float64Array.from(c.landmarks)), c.M);
    });
  }
  const text = Deno.readTextFileSync(fixturePath("align/reference.json"));
  const extra = (JSON.parse(text) as { similarity: SimilarityCase[] }).similarity;
  assert.equal(extra.length, 3);
  for (const c of extra) {
    await t.step(`${c.name} points`, () => {
      assertClose(estimateSimilarity(Float64Array.from(c.landmarks)), c.M);
    });
  }
});

Deno.test("estimateSimilarity() maps the template to itself and accepts float32", () => {
  assertClose(estimateSimilarity(ARCFACE_TEMPLATE.slice()), [1, 0, 0, 0, 1, 0], 1e-12);
  const f32 = Float32Array.from(ARCFACE_TEMPLATE, (v) => v * 2);
  const m = estimateSimilarity(f32, Float64Array.from(f32, (v) => v / 2));
  assertClose(m, [0.5, 0, 0, 0, 0.5, 0], 1e-12);
});

Deno.test("estimateSimilarity() rejects degenerate landmarks", async (t) => {
  await t.step("NaN coordinate", () => {
    const src = ARCFACE_TEMPLATE.slice();
    src[5] = NaN;
    assert.throws(() => estimateSimilarity(src), {
      name: "RangeError",
      message:
        "Cannot estimate a similarity transform as source point 2 y is NaN: expected finite coordinates",
    });
  });
  await t.step("coincident points", () => {
    assert.throws(() => estimateSimilarity(new Float64Array(10).fill(3)), {
      name: "RangeError",
      message:
        "Cannot estimate a similarity transform as all 5 source points coincide: expected at least 2 distinct points",
    });
  });
  await t.step("zero scale (coincident destination)", () => {
    assert.throws(() => estimateSimilarity(ARCFACE_TEMPLATE.slice(), new Float64Array(10)), {
      name: "RangeError",
      message:
        "Cannot estimate a similarity transform as the fitted scale is 0: expected a positive finite scale",
    });
  });
  await t.step("non-finite scale", () => {
    const src = Float64Array.from(ARCFACE_TEMPLATE, (v) => v * 1e-10);
    const dst = Float64Array.from(ARCFACE_TEMPLATE, (v) => v * 1e300);
    assert.throws(() => estimateSimilarity(src, dst), {
      name: "RangeError",
      message:
        "Cannot estimate a similarity transform as the fitted scale is Infinity: expected a positive finite scale",
    });
  });
  await t.step("wrong length", () => {
    assert.throws(() => estimateSimilarity(new Float64Array(8)), {
      name: "TypeError",
      message:
        "Cannot estimate a similarity transform from 8 source and 10 destination values: expected the same even count, at least 4",
    });
  });
});

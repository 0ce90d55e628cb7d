import assert from "node:assert/strict";
import { matrix } from "../features/matrix.ts";
import { pairScores } from "./pair_scores.ts";

function randomTemplates(count: number, dim: number) {
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const features = matrix(count, dim, Float32Array.from({ length: count * dim }, next));
  const ids = Int32Array.from({ length: count }, (_, i) => 100 + 3 * i);
  return { ids, features };
}

function naive(t: ReturnType<typeof randomTemplates>, a: number, b: number): number {
  let s = 0;
  for (let j = 0; j < t.features.dim; j++) {
    s += t.features.data[a * t.features.dim + j]! * t.features.data[b * t.features.dim + j]!;
  }
  return s;
}

Deno.test("pairScores() equals per-pair dot products on the dense and sparse paths", async (t) => {
  const templates = randomTemplates(60, 32);
  await t.step("dense: every left × right pair, small blocks", async () => {
    const t1: number[] = [], t2: number[] = [];
    for (let a = 0; a < 20; a++) for (let b = 20; b < 60; b++) t1.push(a), t2.push(b);
    const pairs = {
      t1: Int32Array.from(t1, (i) => 100 + 3 * i),
      t2: Int32Array.from(t2, (i) => 100 + 3 * i),
      labels: new Uint8Array(t1.length),
    };
    const scores = await pairScores(templates, pairs, { blockFloats: 100 });
    t1.forEach((a, p) => assert.ok(Math.abs(scores[p]! - naive(templates, a, t2[p]!)) < 1e-5));
  });
  await t.step("sparse: few pairs over many templates", async () => {
    const many = randomTemplates(3000, 8);
    const pairs = {
      t1: Int32Array.from([100, 103, 106]),
      t2: Int32Array.from([100 + 3 * 2999, 100 + 3 * 1500, 100]),
      labels: new Uint8Array(3),
    };
    const scores = await pairScores(many, pairs);
    assert.ok(Math.abs(scores[0]! - naive(many, 0, 2999)) < 1e-6);
    assert.ok(Math.abs(scores[2]! - naive(many, 2, 0)) < 1e-6);
  });
});

Deno.test("pairScores() names an unknown template", async () => {
  const templates = randomTemplates(4, 2);
  const pairs = { t1: Int32Array.from([100]), t2: Int32Array.from([5]), labels: new Uint8Array(1) };
  await assert.rejects(
    () => pairScores(templates, pairs),
    RangeError,
    "Cannot score pair column 2 entry 1: template 5 has no fused feature",
  );
});

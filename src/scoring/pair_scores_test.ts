import assert from "node:assert/strict";
import { matrix } from "../features/mod.ts";
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

/** The float32 nearest to the exact dot product, summed as plain float64 in row order. */
function float64Dot(t: ReturnType<typeof randomTemplates>, a: number, b: number): number {
  return Math.fround(naive(t, a, b));
}

function pairsOf(t1: number[], t2: number[]) {
  return {
    t1: Int32Array.from(t1, (i) => 100 + 3 * i),
    t2: Int32Array.from(t2, (i) => 100 + 3 * i),
    labels: new Uint8Array(t1.length),
  };
}

/** Unit-length rows, as fused templates are. */
function unitTemplates(count: number, dim: number) {
  const t = randomTemplates(count, dim);
  for (let r = 0; r < count; r++) {
    const row = t.features.data.subarray(r * dim, (r + 1) * dim);
    const norm = Math.hypot(...row);
    row.forEach((v, j) => row[j] = v / norm);
  }
  return t;
}

Deno.test("pairScores() does not depend on how the pairs are arranged", async (t) => {
  const templates = unitTemplates(2000, 64);
  const t1: number[] = [], t2: number[] = [];
  for (let a = 0; a < 40; a++) for (let b = 40; b < 400; b += 2) t1.push(a), t2.push(b);
  const given = await pairScores(templates, pairsOf(t1, t2));
  await t.step("30% of the pairs turned round: bit-identical scores", async () => {
    const s1 = t1.map((a, p) => p % 10 < 3 ? t2[p]! : a);
    const s2 = t2.map((b, p) => p % 10 < 3 ? t1[p]! : b);
    assert.deepEqual(await pairScores(templates, pairsOf(s1, s2)), given);
  });
  await t.step("pairs over all templates: nearest float32 of the float64 sum", async () => {
    let seed = 3;
    const next = () => (seed = (seed * 16807) % 2147483647) % 2000;
    const r1 = Array.from({ length: 20_000 }, next), r2 = Array.from({ length: 20_000 }, next);
    const scores = await pairScores(templates, pairsOf(r1, r2), { blockFloats: 1000 });
    let exact = 0;
    r1.forEach((a, p) => {
      const want = float64Dot(templates, a, r2[p]!);
      assert.ok(Math.abs(scores[p]! - want) <= 2 ** -24);
      if (scores[p] === want) exact++;
    });
    assert.ok(exact >= 19_990, `${exact} of 20,000 equal`);
    // The same pairs in another order and orientation give the same bits.
    const turned = await pairScores(templates, pairsOf(r2.toReversed(), r1.toReversed()));
    assert.deepEqual(turned.toReversed(), scores);
  });
  await t.step("the Gemm scores agree with the float64 sum within 1e-6", () => {
    t1.forEach((a, p) => {
      assert.ok(Math.abs(given[p]! - float64Dot(templates, a, t2[p]!)) <= 1e-6);
    });
  });
});

Deno.test("pairScores() scores 600,000 spread pairs in workers like one by one", async () => {
  // 6,000 templates: even turned, left × right is far above 7× the pairs (no Gemm).
  const templates = randomTemplates(6000, 16);
  const n = 600_000;
  const r1 = Array.from({ length: n }, (_, p) => (p * 7919) % 6000);
  const r2 = Array.from({ length: n }, (_, p) => (p * 104_729 + 11) % 6000);
  const scores = await pairScores(templates, pairsOf(r1, r2));
  let exact = 0;
  for (let p = 0; p < n; p += 97) if (scores[p] === float64Dot(templates, r1[p]!, r2[p]!)) exact++;
  assert.equal(exact, Math.ceil(n / 97));
  // Rows of 5 floats take the TypeScript loop instead of the WebAssembly kernel.
  const odd = randomTemplates(6000, 5);
  const o1 = r1.slice(0, 3000), o2 = r2.slice(0, 3000);
  const oddScores = await pairScores(odd, pairsOf(o1, o2));
  assert.deepEqual(oddScores, Float32Array.from(o1, (a, p) => float64Dot(odd, a, o2[p]!)));
});

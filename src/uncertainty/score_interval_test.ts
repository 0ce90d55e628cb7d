import assert from "node:assert/strict";
import { correctedVariance, differenceInterval, scoreInterval } from "./score_interval.ts";
import { pairWeight, VerificationBootstrap } from "./verification_bootstrap.ts";

// Written by tools/make_score_interval_reference.py (numpy 1.24, scikit-learn 1.2).
const ref = JSON.parse(
  await Deno.readTextFile(
    new URL("../../fixtures/uncertainty/score_interval_reference.json", import.meta.url),
  ),
) as {
  scores: number[];
  labels: number[];
  first: number[];
  second: number[];
  subjects: number;
  fars: number[];
  seed: number;
  tars: number[][];
  weights: { seed: number; resamples: number[]; pairs: number[]; values: number[][] };
  cases: {
    point: number;
    n: number;
    values: (number | null)[];
    pair_level: number[] | null;
    variance: number;
    interval: [number, number];
    difference: [number, number];
  }[];
};
const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

Deno.test("pairWeight() is the Python mirror's Poisson(1) count", () => {
  const { seed, resamples, pairs, values } = ref.weights;
  resamples.forEach((b, i) =>
    assert.deepEqual(pairs.map((p) => pairWeight(seed, b, p)), values[i], `resample ${b}`)
  );
});

Deno.test("pairResamples() reproduces numpy's repeated impostor pairs resample by resample", () => {
  const sampler = new VerificationBootstrap(
    Float32Array.from(ref.scores),
    Uint8Array.from(ref.labels),
    { first: Int32Array.from(ref.first), second: Int32Array.from(ref.second), count: ref.subjects },
  );
  const m = ref.fars.length;
  const out = sampler.pairResamples(ref.fars, { resamples: ref.tars.length, seed: ref.seed });
  ref.tars.forEach((tars, b) =>
    tars.forEach((t, k) => close(out[b * m + k]!, t, `resample ${b}, FAR ${ref.fars[k]}`))
  );
  // Not the subjects stage: the resamples differ from one another and from the point.
  assert.ok(new Set(ref.tars.map((t) => t.join())).size > 1);
});

Deno.test("scoreInterval() and differenceInterval() match the numpy formulas", async (t) => {
  for (const [i, c] of ref.cases.entries()) {
    await t.step(`case ${i}: point ${c.point}, n ${c.n}`, () => {
      const values = c.values.map((v) => v ?? NaN);
      const pairLevel = c.pair_level ?? undefined;
      close(correctedVariance(values, pairLevel), c.variance, "variance");
      const [lo, hi] = scoreInterval(c.point, values, c.n, { pairLevel });
      close(lo, c.interval[0], "lower");
      close(hi, c.interval[1], "upper");
      const [dlo, dhi] = differenceInterval(c.point - 0.5, values, { pairLevel });
      close(dlo, c.difference[0], "difference lower");
      close(dhi, c.difference[1], "difference upper");
    });
  }
});

Deno.test("scoreInterval() is NaN without a point or spread and rejects a bad level", () => {
  assert.deepEqual(scoreInterval(NaN, [0.1, 0.2], 10), [NaN, NaN]);
  assert.deepEqual(scoreInterval(0.5, [NaN, 0.2], 10), [NaN, NaN]);
  assert.deepEqual(differenceInterval(0, [0.2]), [NaN, NaN]);
  assert.throws(() => scoreInterval(0.5, [0.1, 0.2], 10, { level: 1 }), RangeError);
});

Deno.test("scoreInterval() holds the point, exactly 1 at 1 and 0 at 0", () => {
  assert.equal(scoreInterval(1, [1, 1], 10)[1], 1);
  assert.equal(scoreInterval(0, [0, 0], 10)[0], 0);
  for (const p of [0.5, 0.9, 0.999]) {
    const [lo, hi] = scoreInterval(p, [p - 0.01, p + 0.01], 100);
    assert.ok(lo < p && p < hi, `${p}: [${lo}, ${hi}]`);
  }
});

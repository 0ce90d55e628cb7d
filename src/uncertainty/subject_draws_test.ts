import assert from "node:assert/strict";
import { drawSubjects } from "./subject_draws.ts";

Deno.test("drawSubjects() is seeded, sums to S per resample and is close to uniform", () => {
  const a = drawSubjects(50, { resamples: 400, seed: 3 });
  assert.deepEqual(a.counts, drawSubjects(50, { resamples: 400, seed: 3 }).counts);
  assert.notDeepEqual(a.counts, drawSubjects(50, { resamples: 400, seed: 4 }).counts);
  const perSubject = new Float64Array(50);
  for (let b = 0; b < 400; b++) {
    let sum = 0;
    for (let s = 0; s < 50; s++) {
      sum += a.counts[b * 50 + s]!;
      perSubject[s]! += a.counts[b * 50 + s]!;
    }
    assert.equal(sum, 50);
  }
  // Each subject is drawn 400 times on average, with a binomial sd of about 20.
  for (const n of perSubject) assert.ok(Math.abs(n - 400) < 100, `${n}`);
  // Multinomial(S, 1/S): the share of zero counts is about (1 − 1/S)^S ≈ 0.364.
  const zeros = a.counts.filter((c) => c === 0).length / a.counts.length;
  assert.ok(Math.abs(zeros - 0.364) < 0.02, `${zeros}`);
});

Deno.test("drawSubjects() rejects bad sizes and seeds", () => {
  assert.throws(() => drawSubjects(0), RangeError, "Cannot draw from 0 subjects");
  assert.throws(() => drawSubjects(3, { resamples: 1.5 }), RangeError);
  assert.throws(() => drawSubjects(3, { seed: -1 }), RangeError, "Cannot seed");
});

Deno.test("drawSubjects() with strata keeps every stratum's size and draws within it", () => {
  const strata = Int32Array.from({ length: 30 }, (_, s) => s < 10 ? 7 : s < 29 ? -1 : 3);
  const d = drawSubjects(30, { resamples: 200, seed: 5, strata });
  for (let b = 0; b < 200; b++) {
    const row = d.counts.subarray(b * 30, (b + 1) * 30);
    assert.equal(row.subarray(0, 10).reduce((x, y) => x + y), 10);
    assert.equal(row.subarray(10, 29).reduce((x, y) => x + y), 19);
    assert.equal(row[29], 1); // a stratum of one subject is that subject every time
  }
  // Resampled within the strata: the counts still vary.
  assert.ok(new Set(d.counts.subarray(0, 10)).size > 1);
  // One stratum is the plain bootstrap, value for value.
  assert.deepEqual(
    drawSubjects(30, { resamples: 20, seed: 5, strata: new Int32Array(30).fill(4) }).counts,
    drawSubjects(30, { resamples: 20, seed: 5 }).counts,
  );
  assert.throws(
    () => drawSubjects(3, { strata: [0, 1] }),
    RangeError,
    "Cannot stratify 3 subjects with 2 strata",
  );
  assert.throws(() => drawSubjects(2, { strata: [0, 0.5] }), RangeError, "expected an integer");
});

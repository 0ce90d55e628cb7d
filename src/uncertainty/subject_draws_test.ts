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

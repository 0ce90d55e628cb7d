import assert from "node:assert/strict";
import { rocCurve, tarAtFar } from "../metrics/mod.ts";
import { VerificationBootstrap } from "./verification_bootstrap.ts";
import { _reference } from "./_reference.ts";
import { verificationResamples, verificationResamplesParallel } from "./bootstrap.ts";

const ref = await _reference();

function sampler() {
  return new VerificationBootstrap(ref.pairScores, ref.pairLabels, {
    first: ref.pairFirst,
    second: ref.pairSecond,
    count: ref.subjects,
  });
}

Deno.test("VerificationBootstrap reproduces numpy's replicated-pair metrics draw by draw", () => {
  const s = sampler();
  const out = new Float64Array(ref.fars.length + 1);
  ref.counts.forEach((counts, d) => {
    s.evaluate(counts, 0, ref.fars, out);
    const expected = ref.verification[d]!;
    for (let m = 0; m < out.length; m++) {
      const e = expected[m];
      if (e === null || e === undefined) {
        assert.ok(Number.isNaN(out[m]), `draw ${d} metric ${m}: ${out[m]}`);
      } else assert.ok(Math.abs(out[m]! - e) < 1e-12, `draw ${d} metric ${m}: ${out[m]} vs ${e}`);
    }
  });
});

Deno.test("VerificationBootstrap evaluates 4 resamples at once as it does one by one", () => {
  const s = sampler(), stride = ref.fars.length + 1;
  const flat = new Uint32Array(ref.counts.length * ref.subjects);
  ref.counts.forEach((c, d) => flat.set(c, d * ref.subjects));
  for (let d = 0; d + 4 <= ref.counts.length; d += 4) {
    const many = new Float64Array(4 * stride);
    s.evaluateMany(flat, [0, 1, 2, 3].map((k) => (d + k) * ref.subjects), ref.fars, many);
    for (let k = 0; k < 4; k++) {
      const one = new Float64Array(stride);
      s.evaluate(flat, (d + k) * ref.subjects, ref.fars, one);
      assert.deepEqual(many.subarray(k * stride, (k + 1) * stride), one);
    }
  }
});

Deno.test("VerificationBootstrap with every subject once equals the point estimate", () => {
  const out = new Float64Array(ref.fars.length + 1);
  sampler().evaluate(new Uint32Array(ref.subjects).fill(1), 0, ref.fars, out);
  const roc = rocCurve(ref.pairScores, ref.pairLabels);
  assert.deepEqual(Array.from(out.subarray(0, ref.fars.length)), tarAtFar(roc, { fars: ref.fars }));
});

Deno.test("VerificationBootstrap rejects mismatched inputs", () => {
  assert.throws(
    () =>
      new VerificationBootstrap(new Float32Array(2), new Uint8Array(3), {
        first: new Int32Array(2),
        second: new Int32Array(2),
        count: 1,
      }),
    TypeError,
  );
  assert.throws(
    () =>
      new VerificationBootstrap(new Float32Array([NaN]), new Uint8Array(1), {
        first: new Int32Array(1),
        second: new Int32Array(1),
        count: 1,
      }),
    /score 0 is NaN/,
  );
});

Deno.test("verificationResamplesParallel() gives the values of the single-threaded walk", async () => {
  const counts = new Uint32Array(ref.counts.length * ref.subjects);
  ref.counts.forEach((c, d) => counts.set(c, d * ref.subjects));
  const draws = { subjects: ref.subjects, resamples: ref.counts.length, seed: 0, counts };
  const serial = verificationResamples(sampler(), draws, ref.fars);
  const parallel = await verificationResamplesParallel(sampler(), draws, ref.fars, { workers: 3 });
  assert.deepEqual(parallel.values, serial.values);
});

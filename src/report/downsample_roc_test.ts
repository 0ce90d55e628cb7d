import assert from "node:assert/strict";
import { downsampleRoc } from "./downsample_roc.ts";

/** A staircase ROC with `n` points, fpr from 0 up to 1 (with many repeated FARs). */
function _roc(n: number): { fpr: Float64Array; tpr: Float64Array } {
  const fpr = new Float64Array(n);
  const tpr = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    // Pairs of equal FARs make vertical steps; FAR spans 1e-7 … 1 on a log scale.
    const k = Math.floor(i / 2) * 2;
    fpr[i] = 10 ** (-7 + (7 * k) / (n - 1));
    tpr[i] = i / (n - 1);
  }
  fpr[n - 1] = 1;
  tpr[n - 1] = 1;
  return { fpr, tpr };
}

Deno.test("downsampleRoc() keeps the ends, drops FAR 0 and bounds the count", async (t) => {
  const roc = _roc(1_000_001);
  for (const maxPoints of [2, 3, 10, 600, 1001]) {
    await t.step(`maxPoints ${maxPoints}`, () => {
      const out = downsampleRoc(roc, { maxPoints });
      assert.ok(out.fpr.length <= maxPoints, `${out.fpr.length} > ${maxPoints}`);
      assert.equal(out.fpr.length, out.tpr.length);
      assert.equal(out.fpr[0], roc.fpr[1]); // first positive FAR
      assert.equal(out.tpr[0], roc.tpr[1]);
      assert.equal(out.fpr[out.fpr.length - 1], 1);
      assert.equal(out.tpr[out.tpr.length - 1], 1);
      for (let i = 0; i < out.fpr.length; i++) {
        assert.ok((out.fpr[i] as number) > 0);
        if (i > 0) {
          assert.ok((out.fpr[i] as number) >= (out.fpr[i - 1] as number));
          assert.ok((out.tpr[i] as number) > (out.tpr[i - 1] as number)); // no repeats
        }
      }
    });
  }
  await t.step("uses most of its budget and covers every decade", () => {
    const out = downsampleRoc(roc, { maxPoints: 600 });
    assert.ok(out.fpr.length >= 500, `only ${out.fpr.length} points`);
    for (let d = -7; d < 0; d++) {
      const inDecade = out.fpr.filter((f) => f >= 10 ** d && f < 10 ** (d + 1)).length;
      assert.ok(inDecade >= 60, `decade 1e${d} has ${inDecade} points`);
    }
  });
});

Deno.test("downsampleRoc() keeps input points and both ends of a vertical step", () => {
  const fpr = new Float64Array([0, 0, 1e-4, 1e-4, 1e-4, 1e-2, 0.5, 1]);
  const tpr = new Float64Array([0, 0.1, 0.2, 0.5, 0.7, 0.8, 0.9, 1]);
  const out = downsampleRoc({ fpr, tpr }, { maxPoints: 4 });
  // One grid FAR at 10^((−4 + 0) / 2) = 1e-2; the ends are 1e-4 (tpr 0.2) and 1.
  assert.deepEqual(Array.from(out.fpr), [1e-4, 1e-2, 1]);
  assert.deepEqual(Array.from(out.tpr), [0.2, 0.8, 1]);
  // Grid FAR 1e-3 is equally near 1e-4 and 1e-2 in log10; the lower wins, and both
  // ends of its run of equal FARs (tpr 0.2 and 0.7) are kept.
  const step = downsampleRoc({
    fpr: new Float64Array([0, 1e-6, 1e-4, 1e-4, 1e-4, 1e-2, 1]),
    tpr: new Float64Array([0, 0.1, 0.2, 0.5, 0.7, 0.8, 1]),
  }, { maxPoints: 4 });
  assert.deepEqual(Array.from(step.fpr), [1e-6, 1e-4, 1e-4, 1]);
  assert.deepEqual(Array.from(step.tpr), [0.1, 0.2, 0.7, 1]);
});

Deno.test("downsampleRoc() returns short curves whole, less FAR 0", () => {
  const out = downsampleRoc({
    fpr: new Float64Array([0, 0.5, 1]),
    tpr: new Float64Array([0, 0.9, 1]),
  });
  assert.deepEqual(Array.from(out.fpr), [0.5, 1]);
  assert.deepEqual(Array.from(out.tpr), [0.9, 1]);
  const empty = downsampleRoc({ fpr: new Float64Array([0]), tpr: new Float64Array([0]) });
  assert.equal(empty.fpr.length, 0);
});

Deno.test("downsampleRoc() rejects bad shapes and budgets", () => {
  assert.throws(
    () => downsampleRoc({ fpr: new Float64Array(3), tpr: new Float64Array(2) }),
    new TypeError("Cannot downsample a ROC whose fpr and tpr differ in length: found 3 and 2"),
  );
  assert.throws(
    () => downsampleRoc({ fpr: new Float64Array(3), tpr: new Float64Array(3) }, { maxPoints: 1 }),
    new RangeError("Cannot downsample a ROC to maxPoints 1: expected an integer >= 2"),
  );
});

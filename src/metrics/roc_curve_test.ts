import assert from "node:assert/strict";
import { firstDifference, loadReference, same } from "./_reference.ts";
import { rocCurve } from "./roc_curve.ts";

const reference = await loadReference();

Deno.test("rocCurve() matches sklearn.metrics.roc_curve bit for bit", async (t) => {
  for (const c of reference.roc) {
    await t.step(c.name, () => {
      const roc = rocCurve(c.scores, c.labels);
      assert.equal(roc.genuine, c.genuine);
      assert.equal(roc.impostor, c.impostor);
      assert.equal(roc.fpr.length, c.points);
      assert.equal(roc.tpr.length, c.points);
      assert.equal(roc.thresholds.length, c.points);
      assert.ok(same(roc.thresholds[0]!, c.firstThreshold), `first threshold ${roc.thresholds[0]}`);
      assert.ok(same(roc.thresholds.at(-1)!, c.lastThreshold), `last threshold`);
      if (c.full) {
        assert.equal(firstDifference(roc.fpr, c.full.fpr), -1, "fpr");
        assert.equal(firstDifference(roc.tpr, c.full.tpr), -1, "tpr");
        assert.equal(firstDifference(roc.thresholds, c.full.thresholds), -1, "thresholds");
      }
    });
  }
});

Deno.test("rocCurve() gives float32 scores passed as Float64Array the same points", () => {
  const c = reference.roc.find((r) => r.name === "random_20k_ties_f32")!;
  assert.ok(c.scores instanceof Float32Array && c.full);
  const roc = rocCurve(Float64Array.from(c.scores), c.labels);
  assert.equal(firstDifference(roc.fpr, c.full.fpr), -1);
  assert.equal(firstDifference(roc.tpr, c.full.tpr), -1);
  assert.equal(firstDifference(roc.thresholds.subarray(1), c.full.thresholds.subarray(1)), -1);
  // The prepended threshold is max + 1 computed in float64, not float32.
  assert.equal(roc.thresholds[0], c.full.thresholds[1]! + 1);
  const top = reference.roc.find((r) => r.name === "float32_top_rounding")!;
  const top64 = rocCurve(Float64Array.from(top.scores), top.labels);
  assert.equal(top64.thresholds[0], 0.699999988079071 + 1);
  assert.notEqual(top64.thresholds[0], top.firstThreshold);
});

Deno.test("rocCurve() groups tied scores into one point", async (t) => {
  await t.step("all scores equal", () => {
    const scores = new Float32Array(10_000).fill(0.25);
    const labels = new Uint8Array(10_000).map((_, i) => i % 4 === 0 ? 1 : 0);
    const roc = rocCurve(scores, labels);
    assert.deepEqual([...roc.fpr], [0, 1]);
    assert.deepEqual([...roc.tpr], [0, 1]);
    assert.deepEqual([...roc.thresholds], [1.25, 0.25]);
  });
  await t.step("-0 and +0 are one group, reported as +0", () => {
    const roc = rocCurve(new Float64Array([-0, 0, 1]), new Uint8Array([1, 0, 1]));
    assert.deepEqual([...roc.fpr], [0, 0, 1]);
    assert.deepEqual([...roc.tpr], [0, 0.5, 1]);
    assert.ok(Object.is(roc.thresholds[2], 0));
  });
});

Deno.test("rocCurve() returns NaN rates for a missing class, as sklearn does", async (t) => {
  await t.step("no impostors", () => {
    const roc = rocCurve(new Float32Array([0.5, 0.25, 0.75]), new Uint8Array([1, 1, 1]));
    assert.equal(roc.impostor, 0);
    assert.ok(roc.fpr.every(Number.isNaN));
    assert.deepEqual([...roc.tpr], [0, 1 / 3, 1]);
  });
  await t.step("no genuine pairs", () => {
    const roc = rocCurve(new Float32Array([0.5, 0.25, 0.75]), new Uint8Array(3));
    assert.equal(roc.genuine, 0);
    assert.ok(roc.tpr.every(Number.isNaN));
    assert.deepEqual([...roc.fpr], [0, 1 / 3, 1]);
  });
});

Deno.test("rocCurve() rejects bad input", async (t) => {
  await t.step("length mismatch", () => {
    assert.throws(() => rocCurve(new Float32Array(3), new Uint8Array(2)), {
      name: "TypeError",
      message: "Cannot compute a ROC curve from 3 scores and 2 labels: expected the same length",
    });
  });
  await t.step("wrong score type", () => {
    assert.throws(
      () => rocCurve(new Int32Array(2) as unknown as Float32Array, new Uint8Array(2)),
      {
        name: "TypeError",
        message: "Cannot compute a ROC curve from scores of type Int32Array: expected " +
          "Float32Array or Float64Array",
      },
    );
  });
  await t.step("wrong label type", () => {
    assert.throws(() => rocCurve(new Float32Array(2), [0, 1] as unknown as Uint8Array), {
      name: "TypeError",
      message: "Cannot compute a ROC curve from labels of type Array: expected Uint8Array",
    });
  });
  await t.step("no scores", () => {
    assert.throws(() => rocCurve(new Float64Array(0), new Uint8Array(0)), {
      name: "RangeError",
      message: "Cannot compute a ROC curve from 0 scores: expected at least 1",
    });
  });
  await t.step("label out of range", () => {
    assert.throws(() => rocCurve(new Float64Array(3), new Uint8Array([0, 1, 2])), {
      name: "RangeError",
      message: "Cannot compute a ROC curve as label 2 is 2: expected 0 (impostor) or 1 (genuine)",
    });
  });
  for (const [name, bad] of [["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]]) {
    for (const Type of [Float32Array, Float64Array]) {
      await t.step(`${name} in a ${Type.name}`, () => {
        const scores = new Type([0.5, 0.1, bad as number, 0.2]);
        assert.throws(() => rocCurve(scores, new Uint8Array([1, 0, 0, 1])), {
          name: "RangeError",
          message: `Cannot compute a ROC curve as score 2 is ${name}: expected finite scores`,
        });
      });
    }
  }
});

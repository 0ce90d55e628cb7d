import assert from "node:assert/strict";
import { loadReference, same } from "./_reference.ts";
import { auc } from "./auc.ts";
import { rocCurve } from "./roc_curve.ts";

const reference = await loadReference();

Deno.test("auc() matches sklearn.metrics.auc bit for bit", async (t) => {
  for (const c of reference.roc) {
    await t.step(c.name, () => {
      const got = auc(rocCurve(c.scores, c.labels));
      assert.ok(same(got, c.auc), `got ${got}, expected ${c.auc}`);
    });
  }
});

Deno.test("auc() sums like numpy across pairwise blocks and buffer chunks", async (t) => {
  for (const c of reference.auc) {
    await t.step(c.name, () => {
      const fpr = new Float64Array(c.n).map((_, i) => i / (c.n - 1));
      const tpr = new Float64Array(c.n).map((_, i) => ((i * 7919) % 10007) / 10007);
      assert.equal(auc({ fpr, tpr }), c.auc);
      assert.equal(auc({ fpr: fpr.slice().reverse(), tpr: tpr.slice().reverse() }), c.auc_reversed);
      // A plain left-to-right sum differs in the last bits: the test can tell them apart.
      let naive = 0;
      for (let i = 1; i < c.n; i++) {
        naive += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
      }
      assert.notEqual(naive, c.auc);
    });
  }
});

Deno.test("auc() handles short and degenerate curves", async (t) => {
  await t.step("one point", () => {
    assert.equal(auc({ fpr: new Float64Array([0]), tpr: new Float64Array([0]) }), 0);
  });
  await t.step("NaN rates", () => {
    const fpr = new Float64Array([NaN, NaN]), tpr = new Float64Array([0, 1]);
    assert.ok(Number.isNaN(auc({ fpr, tpr })));
  });
});

Deno.test("auc() rejects bad input", async (t) => {
  await t.step("non-monotonic fpr", () => {
    const fpr = new Float64Array([0, 0.5, 0.25]), tpr = new Float64Array([0, 1, 1]);
    assert.throws(() => auc({ fpr, tpr }), {
      name: "RangeError",
      message:
        "Cannot compute the AUC as fpr is neither increasing nor decreasing: expected a monotonic curve",
    });
  });
  await t.step("mismatched arrays", () => {
    assert.throws(() => auc({ fpr: new Float64Array(0), tpr: new Float64Array(0) }), {
      name: "TypeError",
      message: "Cannot compute the AUC of a curve with 0 fpr and 0 tpr values: " +
        "expected the same non-zero length",
    });
  });
});

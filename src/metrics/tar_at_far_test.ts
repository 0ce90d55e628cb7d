import assert from "node:assert/strict";
import { firstDifference, loadReference } from "./_reference.ts";
import { FAR_TARGETS } from "./result.ts";
import { type RocCurve, rocCurve } from "./roc_curve.ts";
import { tarAtFar } from "./tar_at_far.ts";

const reference = await loadReference();

function curve(fpr: number[], tpr: number[]): RocCurve {
  return {
    fpr: new Float64Array(fpr),
    tpr: new Float64Array(tpr),
    thresholds: new Float64Array(fpr.length),
    genuine: 1,
    impostor: 1,
  };
}

Deno.test("tarAtFar() matches insightface's nearest-point rule on the reference", async (t) => {
  for (const c of reference.roc) {
    await t.step(c.name, () => {
      const got = tarAtFar(rocCurve(c.scores, c.labels), { fars: c.fars });
      assert.equal(firstDifference(got, c.tarAtFar), -1, `got ${got}, expected ${c.tarAtFar}`);
    });
  }
});

Deno.test("tarAtFar() depends on drop_intermediate, as the reference does", () => {
  const c = reference.roc.find((r) => r.name === "drop_intermediate_changes_nearest")!;
  assert.notDeepEqual(c.tarAtFar, c.tarAtFarWithoutDrop);
  const got = tarAtFar(rocCurve(c.scores, c.labels), { fars: c.fars });
  assert.deepEqual(got, c.tarAtFar);
});

Deno.test("tarAtFar() defaults to the six FAR targets", () => {
  const c = reference.roc.find((r) => r.name === "random_20k_ties_f32")!;
  assert.deepEqual(c.fars, FAR_TARGETS.map(([, far]) => far));
  assert.deepEqual(tarAtFar(rocCurve(c.scores, c.labels)), c.tarAtFar);
});

Deno.test("tarAtFar() picks the nearest ROC point with tied distances", async (t) => {
  const roc = curve([0, 0, 0.25, 0.5, 0.5, 1], [0, 0.2, 0.4, 0.6, 0.8, 1]);
  await t.step("halfway between points: the larger fpr wins", () => {
    assert.deepEqual(tarAtFar(roc, { fars: [0.375, 0.125, 0.75] }), [0.8, 0.4, 1]);
  });
  await t.step("repeated fpr: the last point (largest tpr) wins", () => {
    assert.deepEqual(tarAtFar(roc, { fars: [0, 1e-6, 0.5] }), [0.2, 0.2, 0.8]);
  });
  await t.step("no interpolation", () => {
    assert.deepEqual(tarAtFar(roc, { fars: [0.3] }), [0.4]);
  });
});

Deno.test("tarAtFar() handles a missing class like the reference", async (t) => {
  await t.step("fpr all NaN: the last point wins", () => {
    assert.deepEqual(tarAtFar(curve([NaN, NaN, NaN], [0, 0.5, 1]), { fars: [0.1] }), [1]);
  });
  await t.step("tpr all NaN: NaN", () => {
    assert.ok(Number.isNaN(tarAtFar(curve([0, 0.5, 1], [NaN, NaN, NaN]), { fars: [0.1] })[0]));
  });
});

Deno.test("tarAtFar() rejects bad input", async (t) => {
  await t.step("target out of range", () => {
    assert.throws(() => tarAtFar(curve([0, 1], [0, 1]), { fars: [0.1, 1.5] }), {
      name: "RangeError",
      message: "Cannot read TAR@FAR as target 1 is 1.5: expected a FAR in [0, 1]",
    });
  });
  await t.step("NaN target", () => {
    assert.throws(() => tarAtFar(curve([0, 1], [0, 1]), { fars: [NaN] }), {
      name: "RangeError",
      message: "Cannot read TAR@FAR as target 0 is NaN: expected a FAR in [0, 1]",
    });
  });
  await t.step("mismatched arrays", () => {
    assert.throws(() => tarAtFar(curve([0, 1], [0]), { fars: [0.1] }), {
      name: "TypeError",
      message: "Cannot read TAR@FAR from a ROC curve with 2 fpr and 1 tpr values: " +
        "expected the same non-zero length",
    });
  });
});

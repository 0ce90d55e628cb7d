import assert from "node:assert/strict";
import { matrix } from "../features/mod.ts";
import { firstDifference, loadReference } from "./_reference.ts";
import { cmc } from "./cmc.ts";

const reference = await loadReference();

Deno.test("cmc() matches the numpy reference", async (t) => {
  for (const c of reference.id) {
    await t.step(c.name, () => {
      const got = cmc(c.scores, c.subjects, { maxRank: c.maxRank });
      assert.equal(got.probes, c.cmcProbes);
      assert.equal(got.curve.length, c.maxRank);
      assert.equal(firstDifference(got.curve, c.cmc), -1, `got ${got.curve}, expected ${c.cmc}`);
    });
  }
});

Deno.test("cmc() counts ties against the probe", async (t) => {
  const subjects = { probe: new Int32Array([1, 2]), gallery: new Int32Array([1, 2, 3]) };
  await t.step("mate tied with one non-mate is rank 2", () => {
    const scores = matrix(2, 3, new Float32Array([0.5, 0.5, 0.1, 0.2, 0.9, 0.2]));
    assert.deepEqual([...cmc(scores, subjects, { maxRank: 3 }).curve], [0.5, 1, 1]);
  });
  await t.step("mate tied with two non-mates is rank 3", () => {
    const scores = matrix(2, 3, new Float32Array([0.5, 0.5, 0.5, 0.2, 0.9, 0.2]));
    assert.deepEqual([...cmc(scores, subjects, { maxRank: 3 }).curve], [0.5, 0.5, 1]);
  });
});

Deno.test("cmc() counts only probes with a mate and uses the best mate", () => {
  const scores = matrix(
    3,
    3,
    new Float32Array([0.1, 0.2, 0.3, /* */ 0.9, 0.1, 0.1, /* */ 0.1, 0.2, 0.3]),
  );
  // Subject 5 has two gallery templates; its best one (0.3) beats the non-mate (0.1).
  const subjects = { probe: new Int32Array([5, 4, 8]), gallery: new Int32Array([4, 5, 5]) };
  const got = cmc(scores, subjects);
  assert.equal(got.probes, 2);
  assert.equal(got.curve.length, 20);
  assert.ok(got.curve.every((v) => v === 1));
});

Deno.test("cmc() returns NaN when no probe has a mate", () => {
  const got = cmc(matrix(2, 0), { probe: new Int32Array([1, 2]), gallery: new Int32Array(0) });
  assert.equal(got.probes, 0);
  assert.ok(got.curve.every(Number.isNaN));
});

Deno.test("cmc() rejects bad input", async (t) => {
  const subjects = { probe: new Int32Array([1]), gallery: new Int32Array([1, 2]) };
  await t.step("maxRank not a positive whole number", () => {
    assert.throws(() => cmc(matrix(1, 2), subjects, { maxRank: 0 }), {
      name: "RangeError",
      message: "Cannot compute a CMC curve up to rank 0: expected a whole number ≥ 1",
    });
  });
  await t.step("shape mismatch", () => {
    assert.throws(() => cmc(matrix(2, 2), subjects), {
      name: "TypeError",
      message: "Cannot compute a CMC curve from a 2×2 score matrix with 1 probe and 2 gallery " +
        "subjects: expected one row per probe and one column per gallery template",
    });
  });
  await t.step("subject ids of the wrong type", () => {
    const bad = { probe: [1] as unknown as Int32Array, gallery: new Int32Array([1, 2]) };
    assert.throws(() => cmc(matrix(1, 2), bad), {
      name: "TypeError",
      message: "Cannot compute a CMC curve from subject ids that are not Int32Array",
    });
  });
  await t.step("NaN score", () => {
    assert.throws(() => cmc(matrix(1, 2, new Float32Array([0.5, NaN])), subjects), {
      name: "RangeError",
      message: "Cannot compute a CMC curve as the score of probe 0 against gallery template 1 " +
        "is NaN: expected finite scores",
    });
  });
});

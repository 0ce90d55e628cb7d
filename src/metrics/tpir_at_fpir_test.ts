import assert from "node:assert/strict";
import { matrix } from "../features/mod.ts";
import { firstDifference, loadReference } from "./_reference.ts";
import { isOpenSetRule, OPEN_SET_RULES, type OpenSetRule, tpirAtFpir } from "./tpir_at_fpir.ts";

const reference = await loadReference();
const PER_GALLERY = ["ijb-evals", "ijbs"] as const;

Deno.test("tpirAtFpir() matches the numpy reference for both rules", async (t) => {
  for (const c of reference.id) {
    for (const rule of PER_GALLERY) {
      await t.step(`${c.name} (${rule})`, () => {
        const expected = rule === "ijb-evals" ? c.tpirIjb : c.tpirIjbs;
        const got = tpirAtFpir(c.scores, c.subjects, { fpirs: c.fpirs, rule });
        assert.equal(firstDifference(got, expected), -1, `got ${got}, expected ${expected}`);
      });
    }
  }
});

Deno.test("tpirAtFpir() defaults to the ijb-evals rule at FPIR 1e-2 and 1e-1", () => {
  const c = reference.id.find((r) => r.name === "medium_ties")!;
  const at = (fpir: number) => c.tpirIjb[c.fpirs.indexOf(fpir)]!;
  assert.deepEqual(tpirAtFpir(c.scores, c.subjects), [at(0.01), at(0.1)]);
});

// Probes 1, 2 are mated (subjects 1, 2); probes 9, 8 are not. Non-mated best scores: 0.6, 0.4.
const subjects = { probe: new Int32Array([1, 2, 9, 8]), gallery: new Int32Array([1, 2]) };
const scores = matrix(4, 2, new Float32Array([0.6, 0.1, 0.2, 0.7, 0.6, 0.3, 0.4, 0.2]));

Deno.test("tpirAtFpir() differs between the rules at a tied threshold", async (t) => {
  await t.step(
    "ijb-evals: threshold sorted[max(int(n·fpir) − 1, 0)] = 0.6, mate 0.6 is not > 0.6",
    () => {
      assert.deepEqual(tpirAtFpir(scores, subjects, { fpirs: [0.5], rule: "ijb-evals" }), [0.5]);
    },
  );
  await t.step("ijbs: threshold sorted[k − 1] = 0.6, mate 0.6 is ≥ 0.6", () => {
    assert.deepEqual(tpirAtFpir(scores, subjects, { fpirs: [0.5], rule: "ijbs" }), [1]);
  });
  await t.step("ijbs with k = 0: top + 1e-8 rounds to float32, so a mate at top 0.6 passes", () => {
    assert.deepEqual(tpirAtFpir(scores, subjects, { fpirs: [0.4], rule: "ijbs" }), [1]);
  });
  await t.step("ijbs with k = 0: a small top keeps its + 1e-8 and rejects the tied mate", () => {
    const small = matrix(2, 1, new Float32Array([0.05, 0.05]));
    const s = { probe: new Int32Array([1, 9]), gallery: new Int32Array([1]) };
    assert.deepEqual(tpirAtFpir(small, s, { fpirs: [0], rule: "ijbs" }), [0]);
    assert.deepEqual(tpirAtFpir(small, s, { fpirs: [1], rule: "ijbs" }), [1]);
  });
  await t.step("ijb-evals with k = 0 uses sorted[0]", () => {
    assert.deepEqual(tpirAtFpir(scores, subjects, { fpirs: [0, 0.4], rule: "ijb-evals" }), [
      0.5,
      0.5,
    ]);
  });
});

Deno.test("tpirAtFpir() requires the mate to be strictly top-1", () => {
  const tied = matrix(2, 2, new Float32Array([0.9, 0.9, 0.1, 0.1]));
  const s = { probe: new Int32Array([1, 7]), gallery: new Int32Array([1, 2]) };
  for (const rule of PER_GALLERY) {
    assert.deepEqual(tpirAtFpir(tied, s, { fpirs: [1], rule }), [0]);
  }
});

Deno.test("tpirAtFpir() returns NaN when a side is missing", async (t) => {
  await t.step("no non-mated probes", () => {
    const s = { probe: new Int32Array([1, 2]), gallery: new Int32Array([1, 2]) };
    const got = tpirAtFpir(matrix(2, 2, new Float32Array([0.9, 0.1, 0.1, 0.9])), s);
    assert.ok(got.length === 2 && got.every(Number.isNaN));
  });
  await t.step("no mated probes", () => {
    const s = { probe: new Int32Array([5, 6]), gallery: new Int32Array([1, 2]) };
    const got = tpirAtFpir(matrix(2, 2, new Float32Array([0.9, 0.1, 0.1, 0.9])), s);
    assert.ok(got.length === 2 && got.every(Number.isNaN));
  });
});

Deno.test("isOpenSetRule() accepts exactly the rule names", () => {
  assert.ok(OPEN_SET_RULES.every(isOpenSetRule) && isOpenSetRule("insightface-1n"));
  assert.ok(
    !isOpenSetRule("ijb") && !isOpenSetRule("IJB") && !isOpenSetRule(undefined) &&
      !isOpenSetRule("ijbc"),
  );
});

Deno.test("tpirAtFpir() rejects bad input", async (t) => {
  await t.step("unknown rule", () => {
    assert.throws(
      () => tpirAtFpir(scores, subjects, { rule: "ijbc" as OpenSetRule }),
      {
        name: "RangeError",
        message:
          'Cannot compute TPIR@FPIR with rule "ijbc": available are "insightface-1n", "ijb-evals", "ijbs"',
      },
    );
  });
  await t.step("target out of range", () => {
    assert.throws(() => tpirAtFpir(scores, subjects, { fpirs: [0.1, -0.5] }), {
      name: "RangeError",
      message: "Cannot compute TPIR@FPIR as target 1 is -0.5: expected an FPIR in [0, 1]",
    });
  });
  await t.step("empty gallery", () => {
    const s = { probe: new Int32Array([1]), gallery: new Int32Array(0) };
    assert.throws(() => tpirAtFpir(matrix(1, 0), s), {
      name: "RangeError",
      message: "Cannot compute TPIR@FPIR against a gallery of 0 templates",
    });
  });
  await t.step("shape mismatch", () => {
    assert.throws(() => tpirAtFpir(matrix(3, 2), subjects), {
      name: "TypeError",
      message: "Cannot compute TPIR@FPIR from a 3×2 score matrix with 4 probe and 2 gallery " +
        "subjects: expected one row per probe and one column per gallery template",
    });
  });
});

import assert from "node:assert/strict";
import { pairSubjects, subjectIndex } from "./subject_index.ts";

Deno.test("subjectIndex() joins the template sets and the genuine pairs", async (t) => {
  const sets = [
    { templateIds: new Int32Array([10, 11]), subjectIds: new Int32Array([7, 8]) },
    { templateIds: new Int32Array([12, 13]), subjectIds: new Int32Array([7, 9]) },
  ];
  await t.step("sets alone", () => {
    const index = subjectIndex(sets);
    assert.equal(index.size, 3);
    assert.equal(index.source, "template sets");
    assert.equal(index.ofTemplate.get(10), index.ofTemplate.get(12));
  });
  await t.step("a template in no set takes its subject from a genuine pair", () => {
    const pairs = {
      t1: new Int32Array([10, 20, 21]),
      t2: new Int32Array([20, 11, 22]),
      labels: new Uint8Array([1, 0, 0]),
    };
    const index = subjectIndex(sets, pairs);
    assert.equal(index.source, "template sets and genuine pairs");
    assert.equal(index.size, 5); // 7, 8, 9 and the singletons 21, 22
    const { first, second } = pairSubjects(index, pairs);
    assert.equal(first[0], second[0]);
    assert.notEqual(first[2], second[2]);
  });
  await t.step("an unknown template is an error", () => {
    assert.throws(
      () =>
        pairSubjects(subjectIndex(sets), { t1: new Int32Array([99]), t2: new Int32Array([10]) }),
      RangeError,
      "Cannot find the subject of template 99",
    );
  });
});

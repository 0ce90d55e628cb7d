import assert from "node:assert/strict";
import { groupTemplates } from "./group_templates.ts";

Deno.test("groupTemplates() matches numpy's stable argsort grouping on the mini protocol", async () => {
  const expected = JSON.parse(await Deno.readTextFile("fixtures/protocol/mini_expected.json"));
  const t = groupTemplates(Int32Array.from(expected.templateIds));
  assert.deepEqual(Array.from(t.ids), expected.templates.ids);
  assert.deepEqual(Array.from(t.offsets), expected.templates.offsets);
  assert.deepEqual(Array.from(t.rows), expected.templates.rows);
});

Deno.test("groupTemplates() handles degenerate inputs", async (t) => {
  await t.step("no rows", () => {
    const g = groupTemplates(new Int32Array(0));
    assert.deepEqual(Array.from(g.ids), []);
    assert.deepEqual(Array.from(g.offsets), [0]);
    assert.deepEqual(Array.from(g.rows), []);
  });
  await t.step("one template", () => {
    const g = groupTemplates(Int32Array.of(4, 4, 4));
    assert.deepEqual(Array.from(g.ids), [4]);
    assert.deepEqual(Array.from(g.offsets), [0, 3]);
    assert.deepEqual(Array.from(g.rows), [0, 1, 2]);
  });
  await t.step("ids sorted numerically, not as strings", () => {
    const g = groupTemplates(Int32Array.of(10, 9, 100, 9));
    assert.deepEqual(Array.from(g.ids), [9, 10, 100]);
    assert.deepEqual(Array.from(g.offsets), [0, 2, 3, 4]);
    assert.deepEqual(Array.from(g.rows), [1, 3, 0, 2]);
  });
});

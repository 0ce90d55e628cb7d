import assert from "node:assert/strict";
import { TemplateIndex } from "./template_index.ts";

Deno.test("TemplateIndex maps ids to rows, dense or sparse, −1 for unknown ids", () => {
  const queries = Int32Array.from([7, 3, 9, 4, 3, -1, 2_000_000_000]);
  for (const ids of [Int32Array.from([3, 4, 7]), Int32Array.from([3, 4, 7, 2_000_000_000])]) {
    const index = new TemplateIndex(ids);
    const want = [...queries].map((id) => ids.indexOf(id));
    assert.deepEqual([...index.lookup(queries)], want);
    assert.deepEqual([...queries].map((id) => index.get(id)), want);
  }
  const index = new TemplateIndex(Int32Array.from([3, 4, 7]));
  assert.deepEqual([...index.rows(Int32Array.from([7, 3]), "pair column 1")], [2, 0]);
  assert.throws(() => index.rows(Int32Array.from([7, 5]), "pair column 2"), {
    message: "Cannot score pair column 2 entry 2: template 5 has no fused feature",
  });
});

import assert from "node:assert/strict";
import { gatherRows } from "./_gather_rows.ts";
import type { RowSource } from "../core/mod.ts";

function countingSource(rows: number, dim: number) {
  const calls: [number, number][] = [];
  const source: RowSource = {
    rows,
    dim,
    readRows(start, count) {
      calls.push([start, count]);
      const out = new Float32Array(count * dim);
      for (let i = 0; i < count * dim; i++) out[i] = (start + Math.floor(i / dim)) * 10 + (i % dim);
      return Promise.resolve(out);
    },
  };
  return { source, calls };
}

Deno.test("gatherRows() returns scattered and repeated rows in the asked order", async () => {
  const { source, calls } = countingSource(1000, 2);
  const rows = Uint32Array.from([500, 3, 4, 900, 3, 10]);
  const out = await gatherRows(source, rows, { maxGap: 8 });
  assert.deepEqual([...out], [5000, 5001, 30, 31, 40, 41, 9000, 9001, 30, 31, 100, 101]);
  assert.deepEqual(calls, [[3, 8], [500, 1], [900, 1]], "rows 3..10 are read as one block");
});

Deno.test("gatherRows() caps blocks and rejects rows past the end", async () => {
  const { source, calls } = countingSource(100, 1);
  await gatherRows(source, Uint32Array.from({ length: 10 }, (_, i) => i), { maxBlock: 4 });
  assert.deepEqual(calls, [[0, 4], [4, 4], [8, 2]]);
  await assert.rejects(gatherRows(source, Uint32Array.from([100]), { name: "features" }), {
    name: "RangeError",
    message: "Cannot read row 100 of features: it has 100 rows",
  });
});

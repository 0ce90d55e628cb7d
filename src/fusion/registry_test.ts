import assert from "node:assert/strict";
import { CHUNK_WHOLE } from "../caface/mod.ts";
import { parseChunks } from "./registry.ts";

Deno.test("parseChunks() reads sizes and 'whole'", () => {
  assert.deepEqual(parseChunks("9999,8"), [9999, 8]);
  assert.deepEqual(parseChunks("whole, 8"), [CHUNK_WHOLE, 8]);
  assert.throws(() => parseChunks("8,0"), {
    name: "RangeError",
    message: 'Cannot use chunk size "0" (item 2): expected a whole number ≥ 1, "whole" or "sweep"',
  });
});

Deno.test("parseChunks() expands 'sweep' to the official validation sizes and refuses repeats", () => {
  assert.deepEqual(parseChunks("sweep"), [4, 8, 32, 64, 128, 256, 9999]);
  assert.deepEqual(parseChunks("whole,sweep"), [CHUNK_WHOLE, 4, 8, 32, 64, 128, 256, 9999]);
  assert.throws(() => parseChunks("sweep,8"), {
    name: "RangeError",
    message: "Cannot use --chunk sweep,8: chunk size 8 is given twice",
  });
  assert.throws(() => parseChunks("8,"), {
    name: "RangeError",
    message: 'Cannot use chunk size "" (item 2): expected a whole number ≥ 1, "whole" or "sweep"',
  });
});

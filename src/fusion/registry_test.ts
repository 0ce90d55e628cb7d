import assert from "node:assert/strict";
import { CHUNK_WHOLE } from "../caface/mod.ts";
import { parseChunks } from "./registry.ts";

Deno.test("parseChunks() reads sizes and 'whole'", () => {
  assert.deepEqual(parseChunks("9999,8"), [9999, 8]);
  assert.deepEqual(parseChunks("whole, 8"), [CHUNK_WHOLE, 8]);
  assert.throws(() => parseChunks("8,0"), {
    name: "RangeError",
    message: 'Cannot use chunk size "0" (item 2): expected a whole number ≥ 1 or "whole"',
  });
});

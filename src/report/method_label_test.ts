import assert from "node:assert/strict";
import { methodLabel } from "./method_label.ts";

Deno.test("methodLabel() names fusions and adds chunk suffixes", () => {
  assert.equal(methodLabel("average", null), "Average");
  assert.equal(methodLabel("InsightFace", null), "InsightFace");
  assert.equal(methodLabel("caface", 9999), "CAFace");
  assert.equal(methodLabel("caface", 8), "CAFace (N=8)");
  assert.equal(methodLabel("mine", 4), "mine (N=4)");
});

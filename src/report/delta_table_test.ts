import assert from "node:assert/strict";
import { deltaTable } from "./delta_table.ts";

Deno.test("deltaTable() prints percentage points and marks drops beyond the tolerance", () => {
  const md = deltaTable([
    { metric: "TAR@FAR=1e-4", baseline: 0.9123, current: 0.9100, delta: 0.9100 - 0.9123 },
    { metric: "Rank-1", baseline: 0.95, current: 0.9495, delta: 0.9495 - 0.95 },
    { metric: "Rank-5", baseline: 0.9, current: 0.92, delta: 0.02 },
    { metric: "Rank-10", baseline: 0.9, current: NaN, delta: NaN },
  ], { tolerance: 0.001 });
  const expected = [
    "| Metric       | Baseline | Current | Δ (pp) | Status |",
    "|:-------------|---------:|--------:|-------:|:-------|",
    "| TAR@FAR=1e-4 |    91.23 |   91.00 |  -0.23 | ▼ FAIL |",
    "| Rank-1       |    95.00 |   94.95 |  -0.05 | ok     |",
    "| Rank-5       |    90.00 |   92.00 |  +2.00 | ▲      |",
    "| Rank-10      |    90.00 |       – |      – | ? n/a  |",
    "",
  ].join("\n");
  assert.equal(md, expected);
});

Deno.test("deltaTable() fails any drop with the default tolerance of 0", () => {
  const md = deltaTable([{ metric: "a", baseline: 0.5, current: 0.4999, delta: -0.0001 }]);
  assert.ok(md.includes("▼ FAIL"));
  assert.ok(!deltaTable([{ metric: "a", baseline: 0.5, current: 0.5, delta: 0 }]).includes("FAIL"));
});

Deno.test("deltaTable() rejects a negative tolerance", () => {
  assert.throws(
    () => deltaTable([], { tolerance: -1 }),
    new RangeError("Cannot build a delta table with tolerance -1: expected a finite number >= 0"),
  );
});

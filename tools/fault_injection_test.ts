/**
 * The fast cases of the fault-injection suite, run with the tests; `deno task faults`
 * runs all of them (docs/fault-injection.md).
 */
import assert from "node:assert/strict";
import { type Case, seeded } from "./faults/_harness.ts";
import { checkpointBitFlip, hostilePickles, pathTraversal } from "./faults/input_cases.ts";
import { crashBetweenRenames } from "./faults/report_cases.ts";

for (const c of [hostilePickles, pathTraversal, crashBetweenRenames, checkpointBitFlip] as Case[]) {
  Deno.test(`fault injection: ${c.name}`, async () => {
    const tmp = await Deno.makeTempDir({ prefix: "caface-faults-" });
    try {
      const outcomes = await c.run({ tmp, random: seeded(7), quick: true, log: () => {} });
      assert.ok(outcomes.length > 0);
      for (const o of outcomes) assert.ok(o.ok || o.skipped, o.detail);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  });
}

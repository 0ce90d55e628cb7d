import assert from "node:assert/strict";
import { progressLine } from "./_progress.ts";

Deno.test("progressLine() gives the rate and ETA in the stage's units", async (t) => {
  await t.step("frames: 12,000 of 48,000 in 4 s is 3k frames/s, 12 s to go", () => {
    const line = progressLine("fuse caface-9999", 12000, 48000, { seconds: 4, unit: "frames" });
    assert.equal(
      line,
      "fuse caface-9999   [######------------------]  25% 12k/48k frames  3000 frames/s  ETA 12s",
    );
  });
  await t.step("finished: the elapsed time instead of an ETA", () => {
    const line = progressLine("load", 5, 5, { seconds: 2.25 });
    assert.equal(line, "load               [########################] 100% 5/5  2/s  2.3s");
  });
  await t.step("nothing done yet: no rate, no ETA guess", () => {
    assert.match(
      progressLine("fuse average", 0, 10, { seconds: 0, unit: "frames" }),
      /0 frames\/s {2}ETA 0s$/,
    );
  });
});

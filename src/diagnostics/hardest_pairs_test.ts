import assert from "node:assert/strict";
import { hardestPairs } from "./hardest_pairs.ts";

Deno.test("hardestPairs() finds the lowest genuine and highest impostor scores", () => {
  const scores = Float32Array.of(0.9, 0.1, 0.5, 0.8, 0.2, 0.7, 0.3);
  const pairs = {
    t1: Int32Array.of(1, 2, 3, 4, 5, 6, 7),
    t2: Int32Array.of(11, 12, 13, 14, 15, 16, 17),
    labels: Uint8Array.of(1, 1, 1, 0, 0, 0, 0),
  };
  const hard = hardestPairs(scores, pairs, (t) => t, { count: 2 });
  assert.deepEqual(hard.genuine.map((p) => p.t1), [2, 3]);
  assert.deepEqual(hard.impostor.map((p) => [p.t1, p.t2, p.images2]), [[4, 14, 14], [6, 16, 16]]);
  assert.deepEqual([hard.genuine[0]!.images1, hard.genuine[0]!.images2], [2, 12]);
});

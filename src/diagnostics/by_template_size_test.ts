import assert from "node:assert/strict";
import { rank1BySize, tarBySize } from "./by_template_size.ts";

Deno.test("tarBySize() judges every bin at the global threshold", () => {
  // Impostors 0.5, 0.4, 0.3, 0.2 → FAR 0.25 gives k = 1, threshold 0.5.
  const scores = Float32Array.of(0.9, 0.45, 0.6, 0.55, 0.5, 0.4, 0.3, 0.2);
  const labels = Uint8Array.of(1, 1, 1, 1, 0, 0, 0, 0);
  const size1 = Int32Array.of(1, 1, 5, 40, 1, 1, 1, 1),
    size2 = Int32Array.of(9, 2, 6, 33, 1, 1, 1, 1);
  const { threshold, bins } = tarBySize(scores, labels, { size1, size2 }, { far: 0.25 });
  assert.equal(threshold, Math.fround(0.5));
  assert.deepEqual(bins.map((b) => [b.bin, b.count, b.rate]), [
    ["1", 2, 0.5],
    ["2–3", 0, NaN],
    ["4–7", 1, 1],
    ["8–15", 0, NaN],
    ["16–31", 0, NaN],
    ["32+", 1, 1],
  ]);
});

Deno.test("rank1BySize() counts mated probes only", () => {
  const bins = rank1BySize(
    { mated: Uint8Array.of(1, 1, 0, 1), rank: Int32Array.of(1, 2, 0, 1) },
    Int32Array.of(3, 3, 3, 20),
  );
  assert.deepEqual(bins.map((b) => b.rate), [NaN, 0.5, NaN, NaN, 1, NaN]);
});

Deno.test("tarBySize() finds the same threshold as a full sort", () => {
  let x = 7;
  const next = () => ((x = (x * 1103515245 + 12345) >>> 0) / 4294967296);
  const scores = Float32Array.from({ length: 5000 }, next);
  const labels = Uint8Array.from({ length: 5000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const sorted = scores.filter((_, i) => labels[i] === 0).sort().reverse();
  const sizes = { size1: new Int32Array(5000).fill(1), size2: new Int32Array(5000).fill(1) };
  for (const far of [0, 1e-3, 0.01, 0.3]) {
    const k = Math.max(1, Math.floor(far * sorted.length));
    assert.equal(tarBySize(scores, labels, sizes, { far }).threshold, sorted[k - 1]);
  }
});

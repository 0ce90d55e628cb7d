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
  assert.deepEqual(bins.filter((b) => b.count > 0).map((b) => [b.bin, b.count, b.rate]), [
    ["1", 2, 0.5],
    ["4–7", 1, 1],
    ["32–63", 1, 1],
  ]);
  assert.deepEqual(bins.map((b) => b.bin).slice(0, 7), [
    "0",
    "1",
    "2–3",
    "4–7",
    "8–15",
    "16–31",
    "32–63",
  ]);
  assert.equal(bins.at(-1)!.bin, "2048+");
});

Deno.test("rank1BySize() counts mated probes only", () => {
  const bins = rank1BySize(
    { mated: Uint8Array.of(1, 1, 0, 1), rank: Int32Array.of(1, 2, 0, 1) },
    Int32Array.of(3, 3, 3, 20),
  );
  assert.deepEqual(bins.slice(0, 7).map((b) => b.rate), [NaN, NaN, 0.5, NaN, NaN, 1, NaN]);
});

Deno.test("rank1BySize() puts empty probes in bin 0 and surveillance tracks in the last bins", () => {
  const bins = rank1BySize(
    { mated: Uint8Array.of(1, 1, 1, 1), rank: Int32Array.of(3, 1, 1, 2) },
    Int32Array.of(0, 1024, 2047, 6000),
  );
  assert.deepEqual(bins.filter((b) => b.count > 0).map((b) => [b.bin, b.count, b.rate]), [
    ["0", 1, 0],
    ["1024–2047", 2, 1],
    ["2048+", 1, 0],
  ]);
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

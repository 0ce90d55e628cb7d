import assert from "node:assert/strict";
import { scoreHistogram } from "./score_histogram.ts";

interface _Case {
  name: string;
  bins: number;
  range: [number, number];
  scores: (number | null)[];
  labels: number[];
  edges: number[];
  genuine: number[];
  impostor: number[];
}

const REFERENCE = JSON.parse(
  await Deno.readTextFile(
    new URL("../../fixtures/report/score_histogram_reference.json", import.meta.url),
  ),
) as { numpy: string; cases: _Case[] };

Deno.test("scoreHistogram() matches numpy.histogram, edges and out-of-range included", async (t) => {
  for (const c of REFERENCE.cases) {
    await t.step(`${c.name}: ${c.bins} bins over [${c.range}]`, () => {
      const scores = Float32Array.from(c.scores, (s) => s ?? NaN);
      const labels = Uint8Array.from(c.labels);
      const h = scoreHistogram(scores, labels, { bins: c.bins, range: c.range });
      assert.deepEqual(Array.from(h.edges), c.edges);
      assert.deepEqual(Array.from(h.genuine), c.genuine);
      assert.deepEqual(Array.from(h.impostor), c.impostor);
    });
  }
});

Deno.test("scoreHistogram() puts the upper end in the last bin and ignores NaN", () => {
  const h = scoreHistogram(
    new Float32Array([-1, -0.5, 0, 1, 1.5, NaN, -2]),
    new Uint8Array([1, 1, 0, 0, 1, 1, 0]),
    { bins: 4 },
  );
  assert.deepEqual(Array.from(h.edges), [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual(Array.from(h.genuine), [1, 1, 0, 0]);
  assert.deepEqual(Array.from(h.impostor), [0, 0, 1, 1]);
});

Deno.test("scoreHistogram() gives zero counts for empty input", () => {
  const h = scoreHistogram(new Float32Array(0), new Uint8Array(0));
  assert.equal(h.edges.length, 101);
  assert.equal(h.genuine.reduce((a, b) => a + b, 0), 0);
  assert.equal(h.impostor.length, 100);
});

Deno.test("scoreHistogram() rejects mismatched lengths, bad bins and bad ranges", () => {
  assert.throws(
    () => scoreHistogram(new Float32Array(3), new Uint8Array(2)),
    new TypeError("Cannot histogram 3 scores with 2 labels: expected equal lengths"),
  );
  assert.throws(
    () => scoreHistogram(new Float32Array(0), new Uint8Array(0), { bins: 0 }),
    new RangeError("Cannot histogram scores into 0 bins: expected an integer >= 1"),
  );
  assert.throws(
    () => scoreHistogram(new Float32Array(0), new Uint8Array(0), { range: [1, 1] }),
    new RangeError("Cannot histogram scores over range [1, 1]: expected finite low < high"),
  );
});

import assert from "node:assert/strict";
import { cmcChart } from "./cmc_chart.ts";
import { renderSvg } from "./render_svg.ts";
import { _lineStrokes } from "./_svg_test_util.ts";

const CURVES = [
  { label: "Average", curve: Float64Array.from({ length: 30 }, (_, k) => 0.9 + k / 400) },
  { label: "CAFace (N=8)", curve: new Float64Array([0.92, 0.95, 0.96]) },
];

Deno.test("cmcChart() plots ranks 1 to maxRank, or as far as a curve goes", () => {
  const spec = cmcChart(CURVES);
  const values = (spec as { data: { values: { label: string; rank: number }[] } }).data.values;
  const avg = values.filter((v) => v.label === "Average").map((v) => v.rank);
  assert.deepEqual(avg, Array.from({ length: 20 }, (_, i) => i + 1));
  assert.equal(values.filter((v) => v.label === "CAFace (N=8)").length, 3);
  assert.throws(
    () => cmcChart(CURVES, { maxRank: 0 }),
    new RangeError("Cannot draw a CMC up to rank 0: expected an integer >= 1"),
  );
});

Deno.test("cmcChart() renders titled axes and one line per curve", async () => {
  const svg = await renderSvg(cmcChart(CURVES));
  for (const text of ["CMC", "Rank", "Identification rate", "Average", "CAFace (N=8)"]) {
    assert.ok(svg.includes(`>${text}</text>`), `missing ${text}`);
  }
  assert.equal(_lineStrokes(svg).length, 2);
});

Deno.test("cmcChart() stops at the gallery size and ticks the rate axis", () => {
  // A gallery of 3 templates: the curve has 3 ranks, so does the axis.
  const spec = cmcChart([{ label: "A", curve: new Float64Array([1, 1, 1]) }]) as {
    encoding: {
      x: { scale: { domain: number[] }; axis: { values: number[] } };
      y: { scale: { domain: number[] }; axis: { values: number[] } };
    };
  };
  assert.deepEqual(spec.encoding.x.scale.domain, [1, 3]);
  assert.deepEqual(spec.encoding.x.axis.values, [1, 2, 3]);
  assert.deepEqual(spec.encoding.y.scale.domain, [0.9, 1]);
  assert.deepEqual(spec.encoding.y.axis.values, [0.9, 0.92, 0.94, 0.96, 0.98, 1]);
  const wide = cmcChart([{ label: "A", curve: new Float64Array([0.42, 0.8]) }]) as typeof spec;
  assert.deepEqual(wide.encoding.y.axis.values, [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
});

Deno.test("cmcChart() keeps coinciding curves visible and says so", async () => {
  const same = new Float64Array([0.5, 0.75, 1]);
  const spec = cmcChart([
    { label: "InsightFace", curve: same },
    { label: "Average", curve: same.slice() },
  ]);
  assert.deepEqual(spec.title, {
    text: "CMC",
    subtitle: "InsightFace and Average coincide (dashed lines drawn over solid)",
  });
  const svg = await renderSvg(spec);
  const dashes = [...svg.matchAll(/stroke-dasharray="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(dashes.includes("7,4"), dashes.join(" | "));
  assert.equal(_lineStrokes(svg).length, 2);
  assert.equal(typeof cmcChart(CURVES).title, "string");
});

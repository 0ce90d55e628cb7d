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

import assert from "node:assert/strict";
import { renderSvg } from "./render_svg.ts";
import { scoreChart, type ScoreHistogramSeries } from "./score_chart.ts";
import { _lineStrokes } from "./_svg_test_util.ts";

const EDGES = new Float64Array([-1, -0.5, 0, 0.5, 1]);
const A: ScoreHistogramSeries = {
  label: "Average",
  edges: EDGES,
  genuine: new Float64Array([0, 1, 3, 6]),
  impostor: new Float64Array([100, 800, 90, 10]),
};
const B: ScoreHistogramSeries = { ...A, label: "CAFace", genuine: new Float64Array(4) };

type _Row = { label: string; class: string; score: number; density: number };

Deno.test("scoreChart() normalises each class to unit area at bin centres", () => {
  const spec = scoreChart([A]) as { data: { values: _Row[] } };
  for (const cls of ["Genuine", "Impostor"]) {
    const rows = spec.data.values.filter((v) => v.class === cls);
    assert.deepEqual(rows.map((r) => r.score), [-0.75, -0.25, 0.25, 0.75]);
    const area = rows.reduce((t, r) => t + r.density * 0.5, 0);
    assert.ok(Math.abs(area - 1) < 1e-12, `${cls} area ${area}`);
  }
  const genuine = spec.data.values.filter((v) => v.class === "Genuine").map((v) => v.density);
  assert.deepEqual(genuine, [0, 0.2, 0.6, 1.2]);
});

Deno.test("scoreChart() facets several series and draws empty classes as zeros", () => {
  const spec = scoreChart([A, B]) as { facet?: unknown; data: { values: _Row[] } };
  assert.ok(spec.facet !== undefined);
  const empty = spec.data.values.filter((v) => v.label === "CAFace" && v.class === "Genuine");
  assert.deepEqual(empty.map((v) => v.density), [0, 0, 0, 0]);
});

Deno.test("scoreChart() renders titled axes and a line per class", async () => {
  const svg = await renderSvg(scoreChart([A]));
  for (const text of ["Score distributions", "Score (cosine similarity)", "Density", "Impostor"]) {
    assert.ok(svg.includes(`>${text}</text>`), `missing ${text}`);
  }
  assert.deepEqual(_lineStrokes(svg), ["#4c78a8", "#4c78a8"]);
  const faceted = await renderSvg(scoreChart([A, B]));
  assert.deepEqual(_lineStrokes(faceted), ["#4c78a8", "#4c78a8", "#e45756", "#e45756"]);
});

Deno.test("scoreChart() rejects counts that do not match the edges", () => {
  assert.throws(
    () => scoreChart([{ ...A, impostor: new Float64Array(3) }]),
    new TypeError(
      'Cannot draw scores of "Average" with 5 edges, 4 genuine and 3 impostor counts: expected 4 counts each',
    ),
  );
});

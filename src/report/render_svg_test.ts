import assert from "node:assert/strict";
import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "./render_svg.ts";

const SPEC: TopLevelSpec = {
  width: 200,
  height: 100,
  config: { font: "DejaVu Sans" },
  data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
  mark: "line",
  encoding: {
    x: { field: "x", type: "quantitative", title: "Axis X" },
    y: { field: "y", type: "quantitative", title: "Axis Y" },
  },
};

Deno.test("renderSvg() renders a Vega-Lite spec to SVG with its axis titles", async () => {
  const svg = await renderSvg(SPEC);
  assert.ok(svg.startsWith("<svg"));
  assert.ok(svg.trimEnd().endsWith("</svg>"));
  assert.ok(svg.includes(">Axis X</text>") && svg.includes(">Axis Y</text>"));
  assert.ok(svg.includes('font-family="DejaVu Sans"'));
  assert.match(svg, /<path[^>]*d="M[^"]+"/);
});

Deno.test("renderSvg() sends warnings to onWarning instead of printing them", async () => {
  const warnings: string[] = [];
  const spec: TopLevelSpec = {
    ...SPEC,
    mark: "bar",
    encoding: { x: { field: "x", type: "quantitative", scale: { type: "log", zero: true } } },
  } as TopLevelSpec;
  await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
  assert.ok(warnings.length > 0, "expected a warning");
});

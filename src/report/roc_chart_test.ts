import assert from "node:assert/strict";
import { renderSvg } from "./render_svg.ts";
import { rocChart, type RocCurve } from "./roc_chart.ts";
import { _lineStrokes } from "./_svg_test_util.ts";

function _curve(label: string, n: number, power: number): RocCurve {
  const fpr = new Float64Array(n);
  const tpr = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    fpr[i] = 10 ** (-7 + (7 * i) / (n - 1));
    tpr[i] = (fpr[i] as number) ** power;
  }
  return { label, fpr, tpr, tarAtFar: { "1e-6": 0.5, "1e-4": 0.7, "1e-1": 0.95 } };
}

type _Layer = { data: { values: Record<string, unknown>[] } };

Deno.test("rocChart() thins each curve and adds one point per reported TAR@FAR", () => {
  const spec = rocChart([_curve("Average", 100_000, 0.06), _curve("CAFace", 50, 0.04)], {
    maxPoints: 300,
  });
  const layers = (spec as { layer: _Layer[] }).layer;
  assert.equal(layers.length, 3);
  const lines = layers[1]?.data.values ?? [];
  const avg = lines.filter((v) => v.label === "Average").length;
  assert.ok(avg > 200 && avg <= 300, `${avg} points`);
  assert.equal(lines.filter((v) => v.label === "CAFace").length, 49); // FAR 0 dropped
  assert.equal(layers[2]?.data.values.length, 6);
  assert.deepEqual(layers[0]?.data.values.map((v) => v.far), [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1]);
});

Deno.test("rocChart() renders titled axes and one coloured line per curve", async () => {
  const svg = await renderSvg(
    rocChart([
      _curve("Average", 10_000, 0.06),
      _curve("InsightFace", 10_000, 0.05),
      _curve("CAFace", 10_000, 0.04),
    ], { title: "IJB-B ROC" }),
  );
  for (const text of ["IJB-B ROC", "False accept rate (FAR)", "True accept rate (TAR)", "1e-4"]) {
    assert.ok(svg.includes(`>${text}</text>`), `missing ${text}`);
  }
  assert.deepEqual(_lineStrokes(svg), ["#4c78a8", "#f58518", "#e45756"]);
});

Deno.test("rocChart() dashes each curve and names curves that coincide", () => {
  const fpr = new Float64Array([0, 1e-4, 1e-2, 1]), tpr = new Float64Array([0, 0.5, 0.9, 1]);
  const spec = rocChart([
    { label: "InsightFace", fpr, tpr },
    { label: "Average", fpr: fpr.slice(), tpr: tpr.slice() },
  ]) as unknown as {
    title: unknown;
    layer: { encoding: { strokeDash?: { scale: { range: number[][] } } } }[];
  };
  assert.deepEqual(spec.title, {
    text: "ROC",
    subtitle: "InsightFace and Average coincide (dashed lines drawn over solid)",
  });
  assert.deepEqual(spec.layer[1]!.encoding.strokeDash!.scale.range, [[1, 0], [7, 4]]);
});

import type { TopLevelSpec } from "vega-lite";
import { _colorScale, _config } from "./_theme.ts";

/** One open-set curve: TPIR at each FPIR. */
export interface OpenSetCurve {
  label: string;
  fpir: readonly number[];
  tpir: readonly number[];
}

/**
 * A Vega-Lite spec of TPIR against FPIR (log axis), one line per curve. NaN points (no
 * mated or non-mated probe) are left out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSetChart } from "./open_set_chart.ts";
 * const spec = openSetChart([{ label: "Average", fpir: [0.01, 0.1], tpir: [0.5, 0.7] }]);
 * assert.equal(spec.title, "Open-set identification");
 * ```
 */
export function openSetChart(
  curves: readonly OpenSetCurve[],
  options: { title?: string; width?: number; height?: number } = {},
): TopLevelSpec {
  const { title = "Open-set identification", width = 480, height = 360 } = options;
  const values = curves.flatMap((c) =>
    c.fpir.map((fpir, i) => ({ label: c.label, fpir, tpir: c.tpir[i]! }))
      .filter((v) => Number.isFinite(v.tpir))
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width,
    height,
    config: _config(),
    data: { values },
    mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
    encoding: {
      x: { field: "fpir", type: "quantitative", title: "FPIR", scale: { type: "log" } },
      y: { field: "tpir", type: "quantitative", title: "TPIR", axis: { format: ".0%" } },
      color: {
        field: "label",
        type: "nominal",
        scale: _colorScale(curves.map((c) => c.label)),
        legend: { title: null },
      },
    },
  };
}

import type { TopLevelSpec } from "vega-lite";
import { _colorScale, _config } from "./_theme.ts";

/** One cumulative match characteristic to plot. */
export interface CmcCurve {
  /** The legend label, e.g. from `methodLabel()`; also picks the colour. */
  label: string;
  /** The identification rate at rank k = 1, 2, …, at index k − 1. */
  curve: Float64Array;
}

/** Options of {@link cmcChart}. */
export interface CmcChartOptions {
  /** Chart title. Default `"CMC"`. */
  title?: string;
  /** Plot width in pixels. Default `480`. */
  width?: number;
  /** Plot height in pixels. Default `360`. */
  height?: number;
  /** The last rank drawn. Default `20`. */
  maxRank?: number;
}

/**
 * A Vega-Lite spec of identification rate against rank (1 … `maxRank`), one coloured
 * line with points per curve; the rate axis starts near the lowest rate shown.
 *
 * A curve shorter than `maxRank` is drawn as far as it goes; an empty `curves` gives an
 * empty plot with its axes.
 *
 * @example Usage
 * ```ts
 * import { cmcChart } from "./cmc_chart.ts";
 * import assert from "node:assert/strict";
 *
 * const spec = cmcChart([{ label: "Average", curve: new Float64Array([0.9, 0.95, 0.97]) }]);
 * assert.equal(spec.title, "CMC");
 * ```
 *
 * @param curves The curves, in legend order.
 * @param options Titles and sizes; see {@link CmcChartOptions}.
 * @returns A Vega-Lite v6 spec.
 */
export function cmcChart(curves: readonly CmcCurve[], options: CmcChartOptions = {}): TopLevelSpec {
  const { title = "CMC", width = 480, height = 360, maxRank = 20 } = options;
  if (!Number.isInteger(maxRank) || maxRank < 1) {
    throw new RangeError(`Cannot draw a CMC up to rank ${maxRank}: expected an integer >= 1`);
  }
  const values: { label: string; rank: number; rate: number }[] = [];
  for (const c of curves) {
    const n = Math.min(maxRank, c.curve.length);
    for (let k = 1; k <= n; k++) {
      values.push({ label: c.label, rank: k, rate: c.curve[k - 1] as number });
    }
  }
  const ticks = Array.from({ length: maxRank }, (_, i) => i + 1).filter((k) =>
    maxRank <= 20 || k === 1 || k % 5 === 0
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width,
    height,
    config: _config(),
    data: { values },
    mark: { type: "line", point: { filled: true, size: 30 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: "rank",
        type: "quantitative",
        title: "Rank",
        scale: { domain: [1, maxRank], nice: false },
        axis: { values: ticks, format: "d" },
      },
      y: {
        field: "rate",
        type: "quantitative",
        title: "Identification rate",
        scale: { zero: false, nice: true },
        axis: { format: ".0%" },
      },
      color: {
        field: "label",
        type: "nominal",
        scale: _colorScale(curves.map((c) => c.label)),
        legend: { title: null },
      },
      tooltip: [
        { field: "label", type: "nominal", title: "Method" },
        { field: "rank", type: "quantitative", title: "Rank" },
        { field: "rate", type: "quantitative", title: "Rate", format: ".2%" },
      ],
    },
  };
}

import type { TopLevelSpec } from "vega-lite";
import { _coincideNote, _colorScale, _config, _dashScale, _shapeScale } from "./_theme.ts";

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
  /** The last rank drawn. Default: the longest curve's length, at most 20. */
  maxRank?: number;
}

/**
 * A Vega-Lite spec of identification rate against rank (1 … `maxRank`), one line per
 * curve with its own colour, dash pattern and point shape, so curves that coincide stay
 * visible; the subtitle names curves that coincide exactly. The rate axis runs from the
 * lowest rate shown, rounded down to a tenth (90% when every rate is 100%), to 100%, with
 * ticks every 2, 5 or 10 points.
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
  const longest = Math.max(1, ...curves.map((c) => c.curve.length));
  const { title = "CMC", width = 480, height = 360, maxRank = Math.min(20, longest) } = options;
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
  const lowest = Math.min(1, ...values.map((v) => v.rate));
  const floor = Math.max(0, Math.min(0.9, Math.floor(lowest * 10 - 1e-9) / 10));
  const step = 1 - floor <= 0.1 + 1e-9 ? 0.02 : 1 - floor <= 0.3 + 1e-9 ? 0.05 : 0.1;
  const rateTicks = Array.from(
    { length: Math.round((1 - floor) / step) + 1 },
    (_, i) => Math.round((floor + i * step) * 100) / 100,
  );
  const labels = curves.map((c) => c.label);
  const note = _coincideNote(
    curves.map((c) => ({ label: c.label, values: [c.curve.subarray(0, maxRank)] })),
  );
  const ticks = Array.from({ length: maxRank }, (_, i) => i + 1).filter((k) =>
    maxRank <= 20 || k === 1 || k % 5 === 0
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: note === undefined ? title : { text: title, subtitle: note },
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
        scale: { domain: [floor, 1], nice: false },
        axis: { values: rateTicks, format: ".0%" },
      },
      color: {
        field: "label",
        type: "nominal",
        scale: _colorScale(labels),
        legend: { title: null },
      },
      strokeDash: {
        field: "label",
        type: "nominal",
        scale: _dashScale(labels),
        legend: { title: null },
      },
      shape: {
        field: "label",
        type: "nominal",
        scale: _shapeScale(labels),
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

import type { TopLevelSpec } from "vega-lite";
import { _colorScale, _config } from "./_theme.ts";

/** Genuine and impostor counts of one fusion over shared bins, as {@link scoreHistogram} returns. */
export interface ScoreHistogramSeries {
  /** The label, e.g. from `methodLabel()`; also picks the colour. */
  label: string;
  /** `bins + 1` ascending edges. */
  edges: Float64Array;
  /** Genuine counts per bin. */
  genuine: Float64Array;
  /** Impostor counts per bin. */
  impostor: Float64Array;
}

/** Options of {@link scoreChart}. */
export interface ScoreChartOptions {
  /** Chart title. Default `"Score distributions"`. */
  title?: string;
  /** Width of each panel in pixels. Default `480` for one series, `300` for several. */
  width?: number;
  /** Height of each panel in pixels. Default `360` for one series, `220` for several. */
  height?: number;
  /** Panels per row when there are several series. Default `min(count, 3)`. */
  columns?: number;
}

/**
 * A Vega-Lite spec of genuine and impostor score densities: one panel per series (a
 * single plot when there is one), drawn in the series' colour, genuine as a filled area
 * with a solid line and impostor as a dashed line.
 *
 * Each class is normalised on its own to a density (count / (total · bin width)), so
 * both stay visible although impostors outnumber genuine pairs by 1000×. Points sit at
 * bin centres. A class with no counts is drawn as zeros.
 *
 * @example Usage
 * ```ts
 * import { scoreChart } from "./score_chart.ts";
 * import assert from "node:assert/strict";
 *
 * const edges = new Float64Array([-1, 0, 1]);
 * const spec = scoreChart([
 *   { label: "Average", edges, genuine: new Float64Array([1, 9]), impostor: new Float64Array([9, 1]) },
 * ]);
 * assert.equal(spec.title, "Score distributions");
 * ```
 *
 * @param hists The series, in legend order; edges and counts must agree in length.
 * @param options Titles and sizes; see {@link ScoreChartOptions}.
 * @returns A Vega-Lite v6 spec.
 */
export function scoreChart(
  hists: readonly ScoreHistogramSeries[],
  options: ScoreChartOptions = {},
): TopLevelSpec {
  const single = hists.length <= 1;
  const {
    title = "Score distributions",
    width = single ? 480 : 300,
    height = single ? 360 : 220,
    columns = Math.min(Math.max(hists.length, 1), 3),
  } = options;
  const values: { label: string; class: string; score: number; density: number }[] = [];
  for (const h of hists) {
    const bins = h.edges.length - 1;
    if (h.genuine.length !== bins || h.impostor.length !== bins) {
      throw new TypeError(
        `Cannot draw scores of "${h.label}" with ${h.edges.length} edges, ${h.genuine.length} genuine and ${h.impostor.length} impostor counts: expected ${bins} counts each`,
      );
    }
    for (const [name, counts] of [["Genuine", h.genuine], ["Impostor", h.impostor]] as const) {
      let total = 0;
      for (const c of counts) total += c;
      for (let b = 0; b < bins; b++) {
        const lo = h.edges[b] as number;
        const hi = h.edges[b + 1] as number;
        const density = total > 0 ? (counts[b] as number) / (total * (hi - lo)) : 0;
        values.push({ label: h.label, class: name, score: (lo + hi) / 2, density });
      }
    }
  }
  const color = {
    field: "label",
    type: "nominal" as const,
    scale: _colorScale(hists.map((h) => h.label)),
    legend: single
      ? { title: null, orient: "right" as const, symbolType: "stroke", symbolOpacity: 1 }
      : null,
  };
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of hists) {
    lo = Math.min(lo, h.edges[0] ?? Infinity);
    hi = Math.max(hi, h.edges[h.edges.length - 1] ?? -Infinity);
  }
  const x = {
    field: "score",
    type: "quantitative" as const,
    title: "Score (cosine similarity)",
    scale: lo < hi ? { domain: [lo, hi], nice: false } : {},
    axis: { tickCount: 5 },
  };
  const y = { field: "density", type: "quantitative" as const, title: "Density" };
  const layer = [
    {
      transform: [{ filter: "datum.class === 'Genuine'" }],
      mark: { type: "area" as const, opacity: 0.22, interpolate: "linear" as const },
      encoding: { x, y, color },
    },
    {
      mark: { type: "line" as const, strokeWidth: 2, interpolate: "linear" as const },
      encoding: {
        x,
        y,
        color,
        strokeDash: {
          field: "class",
          type: "nominal" as const,
          scale: { domain: ["Genuine", "Impostor"], range: [[1, 0], [5, 3]] },
          legend: { title: null, orient: "right" as const },
        },
      },
    },
  ];
  const base = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    config: _config(),
    data: { values },
  };
  if (single) return { ...base, width, height, layer };
  return {
    ...base,
    columns,
    facet: {
      field: "label",
      type: "nominal",
      title: null,
      sort: [...new Set(hists.map((h) => h.label))],
      header: { labelFontSize: 13, labelFontWeight: "bold" },
    },
    spec: { width, height, layer },
    resolve: { scale: { y: "independent" } },
  };
}

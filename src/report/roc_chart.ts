import type { TopLevelSpec } from "vega-lite";
import { FAR_TARGETS } from "../metrics/mod.ts";
import { _coincideNote, _colorScale, _config, _dashScale, _shapeScale } from "./_theme.ts";
import { downsampleRoc } from "./downsample_roc.ts";

/** One ROC curve to plot. */
export interface RocCurve {
  /** The legend label, e.g. from `methodLabel()`; also picks the colour. */
  label: string;
  /** False accept rates, ascending (as `roc_curve` returns them). */
  fpr: Float64Array;
  /** True accept rates, parallel to `fpr`. */
  tpr: Float64Array;
  /** The reported TAR@FAR values (`metrics.json`'s `tar_at_far`), drawn as points. */
  tarAtFar?: Readonly<Record<string, number>>;
  /** A pointwise 95% band (bootstrap), drawn as a shaded area behind the line. */
  band?: {
    readonly far: readonly number[];
    readonly lo: readonly number[];
    readonly hi: readonly number[];
  };
}

/** Options of {@link rocChart}. */
export interface RocChartOptions {
  /** Chart title. Default `"ROC"`. */
  title?: string;
  /** Plot width in pixels. Default `480`. */
  width?: number;
  /** Plot height in pixels. Default `360`. */
  height?: number;
  /** Most points drawn per curve. Default `600`. */
  maxPoints?: number;
  /**
   * The TAR axis range. Default: from the lowest TAR shown at FAR >= 1e-6, rounded down
   * to a multiple of 0.1, up to 1.
   */
  tarDomain?: readonly [number, number];
}

/** The FAR axis range: the six reported targets and 1. */
const _FAR_DOMAIN = [1e-6, 1] as const;

/**
 * A Vega-Lite spec of TAR against FAR on a log FAR axis from 1e-6 to 1, one line per
 * curve with its own colour and dash pattern (the subtitle names curves that coincide
 * exactly, so none is hidden without a word), dashed rules at the six target FARs, and a point at each reported
 * TAR@FAR when `tarAtFar` is given.
 *
 * Curves are thinned by {@link downsampleRoc} (points at FAR 0 cannot be drawn on a log
 * axis and are left out); parts below FAR 1e-6 are clipped. An empty `curves` gives an
 * empty plot with its axes.
 *
 * @example Usage
 * ```ts
 * import { rocChart } from "./roc_chart.ts";
 * import assert from "node:assert/strict";
 *
 * const spec = rocChart([
 *   { label: "CAFace", fpr: new Float64Array([0, 1e-3, 1]), tpr: new Float64Array([0, 0.9, 1]) },
 * ]);
 * assert.equal(spec.title, "ROC");
 * ```
 *
 * @param curves The curves, in legend order.
 * @param options Titles and sizes; see {@link RocChartOptions}.
 * @returns A Vega-Lite v6 spec.
 */
export function rocChart(curves: readonly RocCurve[], options: RocChartOptions = {}): TopLevelSpec {
  const { title = "ROC", width = 480, height = 360, maxPoints = 600 } = options;
  const lines: { label: string; far: number; tar: number }[] = [];
  const marks: { label: string; far: number; tar: number }[] = [];
  const bands: { label: string; far: number; lo: number; hi: number }[] = [];
  let lowest = 1;
  const drawn: { label: string; values: Float64Array[] }[] = [];
  for (const c of curves) {
    const { fpr, tpr } = downsampleRoc(c, { maxPoints });
    drawn.push({ label: c.label, values: [fpr, tpr] });
    for (let i = 0; i < fpr.length; i++) {
      const far = fpr[i] as number;
      const tar = tpr[i] as number;
      lines.push({ label: c.label, far, tar });
      if (far >= _FAR_DOMAIN[0]) lowest = Math.min(lowest, tar);
    }
    c.band?.far.forEach((far, i) => {
      const lo = c.band!.lo[i]!, hi = c.band!.hi[i]!;
      if (Number.isFinite(lo) && Number.isFinite(hi)) bands.push({ label: c.label, far, lo, hi });
    });
    for (const [key, far] of FAR_TARGETS) {
      const tar = c.tarAtFar?.[key];
      if (tar !== undefined && Number.isFinite(tar)) marks.push({ label: c.label, far, tar });
    }
  }
  const labels = curves.map((c) => c.label);
  const note = _coincideNote(drawn);
  const strokeDash = {
    field: "label",
    type: "nominal" as const,
    scale: _dashScale(labels),
    legend: { title: null },
  };
  const tarDomain = options.tarDomain ?? [Math.max(0, Math.floor(lowest * 10 - 1e-9) / 10), 1];
  const color = {
    field: "label",
    type: "nominal" as const,
    scale: _colorScale(curves.map((c) => c.label)),
    // One legend for every layer, drawn as the curves' lines (not the bands' faint fill).
    legend: { title: null, symbolType: "stroke", symbolOpacity: 1, symbolFillColor: null },
  };
  const x = {
    field: "far",
    type: "quantitative" as const,
    title: "False accept rate (FAR)",
    scale: { type: "log" as const, domain: [..._FAR_DOMAIN], nice: false },
    axis: {
      values: [...FAR_TARGETS.map(([, v]) => v), 1],
      labelExpr: "datum.value >= 1 ? '1' : format(datum.value, '~e')",
    },
  };
  const y = {
    field: "tar",
    type: "quantitative" as const,
    title: "True accept rate (TAR)",
    scale: { domain: [...tarDomain], nice: false },
    axis: { format: ".0%" },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: note === undefined ? title : { text: title, subtitle: note },
    width,
    height,
    config: _config(),
    layer: [
      {
        data: { values: FAR_TARGETS.map(([, far]) => ({ far })) },
        mark: { type: "rule", strokeDash: [3, 3], color: "#b5b5b5", strokeWidth: 1 },
        encoding: { x: { field: "far", type: "quantitative" } },
      },
      ...(bands.length
        ? [{
          data: { values: bands },
          mark: { type: "area" as const, opacity: 0.18, clip: true },
          encoding: {
            x,
            y: { ...y, field: "lo" },
            y2: { field: "hi" },
            color,
          },
        }]
        : []),
      {
        data: { values: lines },
        mark: { type: "line", clip: true, strokeWidth: 2, interpolate: "linear" },
        encoding: { x, y, color, strokeDash, order: { field: "far", type: "quantitative" } },
      },
      {
        data: { values: marks },
        mark: { type: "point", filled: true, size: 36, clip: true, opacity: 1 },
        encoding: {
          x,
          y,
          color,
          shape: { field: "label", type: "nominal", scale: _shapeScale(labels), legend: null },
          tooltip: [
            { field: "label", type: "nominal", title: "Method" },
            { field: "far", type: "quantitative", title: "FAR", format: "~e" },
            { field: "tar", type: "quantitative", title: "TAR", format: ".2%" },
          ],
        },
      },
    ],
  };
}

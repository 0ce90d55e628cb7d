/** {@linkcode demoChart}: the CAFace-repository-style similarity figure as Vega-Lite. */
import type { TopLevelSpec } from "vega-lite";
import { labelColor } from "../report/mod.ts";
import { chartConfig } from "../report/mod.ts";

/** A five-pointed star in Vega's unit square (Vega has no built-in star symbol). */
const _STAR =
  "M0,-0.9L0.235,-0.224L0.951,-0.209L0.38,0.224L0.588,0.909L0,0.5L-0.588,0.909L-0.38,0.224L-0.951,-0.209L-0.235,-0.224Z";

/** One probe frame with a face. */
export interface DemoFrame {
  /** 1-based position in the full frame list (skipped frames keep their numbers). */
  readonly frame: number;
  /** File name, shown in tooltips. */
  readonly name: string;
  /** Cosine similarity of the frame's feature to the gallery feature. */
  readonly similarity: number;
  /** The frame's weight in the fused feature. */
  readonly weight: number;
  /** Thumbnail of the aligned crop, a `data:` URL. */
  readonly thumbnail: string;
}

/** What {@linkcode demoChart} draws. */
export interface DemoChartInput {
  /** Frames with a face, in frame order. */
  readonly frames: readonly DemoFrame[];
  /** Frames without a face (1-based numbers and names), marked in the strip. */
  readonly skipped: readonly { frame: number; name: string }[];
  /** Similarity of each fused feature to the gallery, e.g. `Average`, `CAFace`. */
  readonly fused: readonly { label: string; similarity: number }[];
  /** Legend title of the dot colour, e.g. `"CAFace weight"`; an array gives several lines. */
  readonly weightTitle: string | readonly string[];
  /** Thumbnail of the gallery crop, shown on the right. Default: none. */
  readonly gallery?: string;
}

/** Options for {@linkcode demoChart}. */
export interface DemoChartOptions {
  /** Title. Default `"How much each probe frame counts"`. */
  title?: string;
  /** Subtitle. Default: frames used and skipped, and how to read the marks. */
  subtitle?: string;
  /** Plot width in pixels. Default: 60 per frame, between 480 and 1400. */
  width?: number;
  /** Plot height in pixels. Default 280. */
  height?: number;
  /** Thumbnail side in pixels. Default: the room per frame less 6, between 12 and 56. */
  thumbnailSize?: number;
}

/**
 * A Vega-Lite spec after the CAFace repository's `demo/visualization.py`: one dot per
 * probe frame at (frame number, cosine similarity to the gallery), coloured by its weight
 * in the fused feature; a horizontal rule, a star and a label for each fused feature's
 * similarity; under the plot a strip of the aligned crops, each on a square of its weight's
 * colour; and the gallery crop on the right.
 *
 * Degenerate cases: no frames gives empty plot and strip with their axes; frames without a
 * face appear only in the strip, as "no face" (as "×" when a frame has under 50 px); equal
 * weights give a one-colour legend.
 */
export function demoChart(input: DemoChartInput, options: DemoChartOptions = {}): TopLevelSpec {
  const count = Math.max(
    1,
    ...input.frames.map((f) => f.frame),
    ...input.skipped.map((s) => s.frame),
  );
  const width = options.width ?? Math.min(1400, Math.max(480, 60 * count));
  const height = options.height ?? 280;
  const thumb = options.thumbnailSize ??
    Math.max(12, Math.min(56, Math.floor(width / count) - 6));
  const used = input.frames.length, skipped = input.skipped.length;
  const subtitle = options.subtitle ??
    `${used} frame${used === 1 ? "" : "s"} with a face${
      skipped ? `, ${skipped} without (skipped)` : ""
    }. Dots: each frame's similarity, coloured by its weight; lines and stars: the fused features.`;
  const x = {
    field: "frame",
    type: "quantitative" as const,
    scale: { domain: [0.5, count + 0.5], nice: false, zero: false },
  };
  const color = {
    field: "weight",
    type: "quantitative" as const,
    title: input.weightTitle,
    scale: { scheme: "viridis", domain: _extent(input.frames.map((f) => f.weight)) },
    legend: {
      format: ".3~f",
      orient: "top" as const,
      direction: "horizontal" as const,
      titleOrient: "left" as const,
      gradientLength: 200,
      titleLimit: 400,
      fillColor: "transparent",
      strokeColor: "transparent",
    },
  };
  const xAxis = { tickMinStep: 1, format: "d", grid: false, values: _ticks(count) };
  const y = {
    field: "similarity",
    type: "quantitative" as const,
    title: "Cosine similarity to gallery",
    scale: { zero: false, nice: true, padding: 12 },
  };
  const fused = input.fused.map((f) => ({ ...f, frame: count + 0.5 }));
  const fusedColor = {
    field: "label",
    type: "nominal" as const,
    scale: { domain: fused.map((f) => f.label), range: fused.map((f) => labelColor(f.label)) },
    legend: null,
  };
  const tooltip = [
    { field: "frame", type: "quantitative" as const, title: "Frame" },
    { field: "name", type: "nominal" as const, title: "File" },
    { field: "similarity", type: "quantitative" as const, title: "Similarity", format: ".3f" },
    { field: "weight", type: "quantitative" as const, title: "Weight", format: ".3f" },
  ];
  const frames = input.frames.map(({ thumbnail: _, ...rest }) => rest);
  const plot = {
    width,
    height,
    layer: [
      {
        data: { values: frames },
        mark: { type: "line" as const, color: "#c4c4c4", strokeWidth: 1.5 },
        encoding: { x: { ...x, title: "Frame", axis: xAxis }, y },
      },
      {
        data: { values: fused },
        mark: { type: "rule" as const, strokeWidth: 2, strokeDash: [7, 4] },
        encoding: { y: { field: "similarity", type: "quantitative" as const }, color: fusedColor },
      },
      {
        data: { values: frames },
        mark: { type: "point" as const, filled: true, size: 140, opacity: 1, stroke: "#333" },
        encoding: {
          x: { ...x, title: "Frame", axis: xAxis },
          y,
          color,
          strokeWidth: { value: 0.6 },
          tooltip,
        },
      },
      {
        data: { values: fused },
        mark: { type: "point" as const, shape: _STAR, filled: true, size: 420, opacity: 1 },
        encoding: {
          x,
          y: { field: "similarity", type: "quantitative" as const },
          color: fusedColor,
        },
      },
      ..._labels(fused, fusedColor),
    ],
  };
  const rowY = {
    datum: 0,
    type: "quantitative" as const,
    scale: { domain: [-1, 1] },
    axis: null,
  };
  const strip = {
    width,
    height: thumb + 12,
    view: { stroke: null },
    layer: [
      {
        data: { values: frames },
        mark: { type: "square" as const, filled: true, opacity: 1, size: (thumb + 6) ** 2 },
        encoding: {
          x: { ...x, axis: null },
          y: rowY,
          color: { ...color, legend: null },
          tooltip,
        },
      },
      {
        data: { values: input.frames.map((f) => ({ frame: f.frame, url: f.thumbnail })) },
        mark: { type: "image" as const, width: thumb, height: thumb, aria: false },
        encoding: {
          x: { ...x, axis: null },
          y: rowY,
          url: { field: "url", type: "nominal" as const },
        },
      },
      {
        data: { values: [...input.skipped] },
        mark: {
          type: "text" as const,
          text: width / count >= 50 ? "no face" : "×",
          color: "#999",
          fontSize: width / count >= 50 ? 10 : 14,
          angle: 0,
        },
        encoding: { x: { ...x, axis: null }, y: rowY },
      },
    ],
  };
  const left = {
    vconcat: [plot, strip],
    spacing: 6,
    resolve: { scale: { color: "shared" as const } },
  };
  const right = input.gallery === undefined ? [] : [{
    title: {
      text: "Gallery",
      fontSize: 12,
      fontWeight: "normal" as const,
      anchor: "middle" as const,
    },
    width: 96,
    height: 96,
    view: { stroke: null },
    data: { values: [{ url: input.gallery }] },
    mark: { type: "image" as const, width: 96, height: 96, aria: false },
    encoding: {
      x: { datum: 0.5, type: "quantitative" as const, scale: { domain: [0, 1] }, axis: null },
      y: { datum: 0.5, type: "quantitative" as const, scale: { domain: [0, 1] }, axis: null },
      url: { field: "url", type: "nominal" as const },
    },
  }];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: options.title ?? "How much each probe frame counts", subtitle },
    config: {
      ...chartConfig(),
      title: { ...chartConfig().title, subtitleFontSize: 11, subtitleColor: "#555" },
    },
    hconcat: [left, ...right],
    spacing: 24,
  } as TopLevelSpec;
}

/** [min, max] of the values, widened to a non-empty range; [0, 1] for none. */
function _extent(values: readonly number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const lo = Math.min(...values), hi = Math.max(...values);
  return lo < hi ? [lo, hi] : [lo - 1e-3, hi + 1e-3];
}

/** Frame numbers to label: every one up to 20 frames, else about 20 round steps. */
function _ticks(count: number): number[] {
  const step = count <= 20 ? 1 : [2, 5, 10, 20, 50].find((s) => count / s <= 20) ?? 100;
  const out: number[] = [];
  for (let f = step === 1 ? 1 : step; f <= count; f += step) out.push(f);
  return out;
}

/** One text layer per fused label, nudged apart when two similarities are close. */
function _labels(
  fused: readonly { label: string; similarity: number; frame: number }[],
  color: Record<string, unknown>,
) {
  const order = [...fused].sort((a, b) => b.similarity - a.similarity);
  return order.map((f, i) => ({
    data: { values: [{ ...f, text: `${f.label} ${f.similarity.toFixed(3)}` }] },
    mark: {
      type: "text" as const,
      align: "left" as const,
      dx: 14,
      dy: order.length > 1 ? (i === 0 ? -7 : i === order.length - 1 ? 7 : 0) : 0,
      fontSize: 12,
      fontWeight: "bold" as const,
    },
    encoding: {
      x: { field: "frame", type: "quantitative" as const },
      y: { field: "similarity", type: "quantitative" as const },
      text: { field: "text", type: "nominal" as const },
      color,
    },
  }));
}

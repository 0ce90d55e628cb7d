import type { Config } from "vega-lite";
import { labelColor } from "./label_color.ts";

/** The font of every chart; DejaVu is installed wherever the PNGs are rendered. */
export const _FONT = "DejaVu Sans";

/** The shared Vega-Lite config: font, white background, light grid, quiet axes. */
export function _config(): Config {
  return {
    font: _FONT,
    background: "white",
    padding: 12,
    view: { stroke: "#d0d0d0" },
    title: { fontSize: 15, fontWeight: "bold", anchor: "start", offset: 10, color: "#222" },
    axis: {
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: "normal",
      titleColor: "#333",
      labelColor: "#444",
      gridColor: "#e6e6e6",
      domainColor: "#888",
      tickColor: "#888",
    },
    legend: {
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: "normal",
      orient: "bottom-right",
      fillColor: "rgba(255,255,255,0.85)",
      padding: 6,
      cornerRadius: 3,
      strokeColor: "#d0d0d0",
      symbolStrokeWidth: 2.5,
    },
    line: { strokeWidth: 2 },
  };
}

/** A colour scale with one fixed colour per label, in the given legend order. */
export function _colorScale(labels: readonly string[]): { domain: string[]; range: string[] } {
  const domain = [...new Set(labels)];
  return { domain, range: domain.map(labelColor) };
}

/** Dash patterns, one per label in order, so lines that coincide stay distinguishable. */
const _DASHES = [[1, 0], [7, 4], [2, 3], [10, 3, 2, 3], [4, 4], [12, 6]];
/** Point shapes, one per label in order. */
const _SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"];

/** A strokeDash scale: solid for the first label, then distinct dashes. */
export function _dashScale(labels: readonly string[]): { domain: string[]; range: number[][] } {
  const domain = [...new Set(labels)];
  return { domain, range: domain.map((_, i) => _DASHES[i % _DASHES.length]!) };
}

/** A point-shape scale: a different shape per label. */
export function _shapeScale(labels: readonly string[]): { domain: string[]; range: string[] } {
  const domain = [...new Set(labels)];
  return { domain, range: domain.map((_, i) => _SHAPES[i % _SHAPES.length]!) };
}

/**
 * A subtitle naming the series whose drawn values are identical (one hides the other),
 * e.g. `"Average and InsightFace coincide"`, or undefined when none do.
 */
export function _coincideNote(
  series: readonly { label: string; values: readonly ArrayLike<number>[] }[],
): string | undefined {
  const key = (s: { values: readonly ArrayLike<number>[] }) =>
    s.values.map((v) => Array.from(v).join(",")).join(";");
  const groups = new Map<string, string[]>();
  for (const s of series) groups.set(key(s), [...groups.get(key(s)) ?? [], s.label]);
  const same = [...groups.values()].filter((g) => g.length > 1);
  if (same.length === 0) return undefined;
  return same.map((g) => `${g.slice(0, -1).join(", ")} and ${g.at(-1)} coincide`).join("; ") +
    " (dashed lines drawn over solid)";
}

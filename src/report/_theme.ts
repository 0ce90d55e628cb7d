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

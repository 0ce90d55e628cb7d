import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /** Receives Vega-Lite's and Vega's warnings. Default: warnings are dropped. */
  onWarning?: (message: string) => void;
}

/**
 * Renders a Vega-Lite spec to an SVG document, headless and offline.
 *
 * Compiles with `vega-lite`'s `compile()`, then runs a `vega.View` with the `"none"`
 * renderer and calls `toSVG()`. The spec must carry its data inline (`data.values`):
 * a URL would make Vega load it. Text is measured with Vega's built-in estimates, so
 * labels are placed for the font named in the spec's `config.font` ("DejaVu Sans" in
 * this folder's charts). Nothing is printed: warnings go to `onWarning`, errors are
 * thrown.
 *
 * @example Usage
 * ```ts
 * import { renderSvg } from "./render_svg.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = await renderSvg({ data: { values: [{ x: 1 }] }, mark: "point", encoding: {
 *   x: { field: "x", type: "quantitative" },
 * } });
 * assert.ok(svg.startsWith("<svg"));
 * ```
 *
 * @param spec A Vega-Lite v6 spec, e.g. from `rocChart()`.
 * @param options The warning sink; see {@link RenderSvgOptions}.
 * @returns The SVG text.
 */
export async function renderSvg(
  spec: TopLevelSpec,
  options: RenderSvgOptions = {},
): Promise<string> {
  const { onWarning = () => {} } = options;
  const logger = _logger(onWarning);
  const { spec: vgSpec } = compile(spec, { logger });
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none", logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A Vega logger that forwards warnings and drops info and debug messages. */
function _logger(onWarning: (message: string) => void): vega.LoggerInterface {
  let level = vega.Warn;
  const text = (args: readonly unknown[]) => args.map(String).join(" ");
  const logger: vega.LoggerInterface = {
    level(next?: number) {
      if (next === undefined) return level;
      level = next;
      return logger;
    },
    error(...args: readonly unknown[]) {
      throw new Error(text(args));
    },
    warn(...args: readonly unknown[]) {
      onWarning(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  } as vega.LoggerInterface;
  return logger;
}

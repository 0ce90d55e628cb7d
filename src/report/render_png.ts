import { renderAsync, Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Pixels per SVG unit; 2 gives a sharp image for print. Default `1`. */
  scale?: number;
  /** The font used when the SVG's family is not installed. Default `"DejaVu Sans"`. */
  defaultFont?: string;
}

/**
 * Rasterises an SVG to a PNG on a white background with `@resvg/resvg-js`.
 *
 * Fonts come from the system (DejaVu is installed on the machines this runs on); a
 * family that is missing falls back to `defaultFont`. The PNG is `scale` times the
 * SVG's width and height, rounded. Needs `--allow-ffi --allow-sys`. Text that is not an
 * SVG throws a SyntaxError.
 *
 * @example Usage
 * ```ts
 * import { renderPng } from "./render_png.ts";
 * import assert from "node:assert/strict";
 *
 * const png = renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>');
 * assert.deepEqual(Array.from(png.subarray(1, 4)), [0x50, 0x4e, 0x47]); // "PNG"
 * ```
 *
 * @param svg The SVG text, e.g. from `renderSvg()`.
 * @param options Scale and fallback font; see {@link RenderPngOptions}.
 * @returns The PNG file's bytes.
 */
export function renderPng(svg: string, options: RenderPngOptions = {}): Uint8Array {
  const resvgOptions = _resvgOptions(options);
  let resvg: Resvg;
  try {
    resvg = new Resvg(svg, resvgOptions);
  } catch (error) {
    throw _notSvg(error);
  }
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/**
 * {@linkcode renderPng} off the main thread (resvg's worker pool), so a report's charts
 * rasterise in parallel with each other and with the rest of the report. Same bytes.
 *
 * @example Usage
 * ```ts
 * import { renderPng, renderPngAsync } from "./render_png.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>';
 * assert.deepEqual(await renderPngAsync(svg), renderPng(svg));
 * ```
 */
export async function renderPngAsync(
  svg: string,
  options: RenderPngOptions = {},
): Promise<Uint8Array> {
  const resvgOptions = _resvgOptions(options);
  let png: Uint8Array;
  try {
    png = (await renderAsync(svg, resvgOptions)).asPng();
  } catch (error) {
    throw _notSvg(error);
  }
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

function _resvgOptions(options: RenderPngOptions): ResvgRenderOptions {
  const { scale = 1, defaultFont = "DejaVu Sans" } = options;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`Cannot render a PNG at scale ${scale}: expected a finite number > 0`);
  }
  return {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: defaultFont },
  };
}

function _notSvg(error: unknown): SyntaxError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SyntaxError(`Cannot render a PNG as the SVG does not parse: ${reason}`);
}

/** {@linkcode writeDemo}: the demo figure and its numbers, written to a folder. */
import { renderPng, renderSvg } from "../report/mod.ts";
import type { DemoResult } from "./run_demo.ts";

/** The files {@linkcode writeDemo} writes, by name. */
export const DEMO_FILES = ["demo.vl.json", "demo.svg", "demo.png", "demo.json"] as const;

/** Options for {@linkcode writeDemo}. */
export interface WriteDemoOptions {
  /** PNG pixels per SVG unit. Default 2. */
  scale?: number;
  /** Receives Vega's warnings. Default: dropped. */
  onWarning?: (message: string) => void;
}

/**
 * Writes `demo.vl.json` (the Vega-Lite spec, thumbnails inline), `demo.svg`, `demo.png`
 * and `demo.json` (frames, weights, similarities and skipped frames) into `outDir`,
 * creating it, and returns the paths in {@linkcode DEMO_FILES} order.
 */
export async function writeDemo(
  result: DemoResult,
  outDir: string,
  options: WriteDemoOptions = {},
): Promise<string[]> {
  const { scale = 2, onWarning } = options;
  const svg = await renderSvg(result.spec, { onWarning });
  const png = renderPng(svg, { scale });
  const { spec: _, ...numbers } = result;
  await Deno.mkdir(outDir, { recursive: true });
  const paths = DEMO_FILES.map((name) => `${outDir}/${name}`);
  await Deno.writeTextFile(paths[0]!, JSON.stringify(result.spec, null, 1) + "\n");
  await Deno.writeTextFile(paths[1]!, svg);
  await Deno.writeFile(paths[2]!, png);
  await Deno.writeTextFile(paths[3]!, JSON.stringify(numbers, null, 2) + "\n");
  return paths;
}

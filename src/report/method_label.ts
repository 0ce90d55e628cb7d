/** Display names of the fusion methods, as printed in the published tables. */
const _METHOD_NAMES: Readonly<Record<string, string>> = {
  average: "Average",
  insightface: "InsightFace",
  caface: "CAFace",
};

import { CHUNK_WHOLE, DEFAULT_CHUNK } from "../caface/array_split.ts";

/**
 * The label of one result row, used by the tables and as the colour key of every chart.
 *
 * Known fusions (`average`, `insightface`, `caface`, any case) get their published names;
 * an unknown fusion name is printed as given. A chunk size other than `null` and
 * {@link DEFAULT_CHUNK} (9999, the published setting) appends ` (N=<chunk>)`;
 * {@link CHUNK_WHOLE} (`--chunk whole`) appends ` (whole)`.
 *
 * @example Usage
 * ```ts
 * import { methodLabel } from "./method_label.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(methodLabel("caface", 8), "CAFace (N=8)");
 * assert.equal(methodLabel("caface", 9999), "CAFace");
 * assert.equal(methodLabel("average", null), "Average");
 * ```
 *
 * @param fusion The `fusion` field of a result, e.g. `"caface"`.
 * @param chunk The `chunk` field of a result.
 * @returns The display label.
 */
export function methodLabel(fusion: string, chunk: number | null): string {
  const name = _METHOD_NAMES[fusion.toLowerCase()] ?? fusion;
  if (chunk === CHUNK_WHOLE) return `${name} (whole)`;
  return chunk === null || chunk === DEFAULT_CHUNK ? name : `${name} (N=${chunk})`;
}

/**
 * The key of one run in file names, provenance maps and progress lines: the fusion name,
 * then `-<chunk>` when it has a chunk size (`"average"`, `"caface-9999"`, `"caface-8"`,
 * `"caface-whole"`).
 *
 * @example Usage
 * ```ts
 * import { runKey } from "./method_label.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(runKey({ fusion: "caface", chunk: 8 }), "caface-8");
 * assert.equal(runKey({ fusion: "caface", chunk: 0 }), "caface-whole");
 * assert.equal(runKey({ fusion: "average", chunk: null }), "average");
 * ```
 */
export function runKey(run: { fusion: string; chunk: number | null }): string {
  if (run.chunk === null) return run.fusion;
  return `${run.fusion}-${run.chunk === CHUNK_WHOLE ? "whole" : run.chunk}`;
}

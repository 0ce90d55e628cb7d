/** Display names of the fusion methods, as printed in the published tables. */
const _METHOD_NAMES: Readonly<Record<string, string>> = {
  average: "Average",
  insightface: "InsightFace",
  caface: "CAFace",
};

/**
 * The `chunk` of CAFace's published setting (9999): labelled as plain "CAFace". It splits
 * templates longer than 9,999 images like any chunk size.
 */
export const WHOLE_TEMPLATE_CHUNK = 9999;
/** The `chunk` written for `--chunk whole` (never split), labelled "CAFace (whole)". */
export const NEVER_SPLIT_CHUNK = 0;

/**
 * The label of one result row, used by the tables and as the colour key of every chart.
 *
 * Known fusions (`average`, `insightface`, `caface`, any case) get their published names;
 * an unknown fusion name is printed as given. A chunk size other than `null` and
 * {@link WHOLE_TEMPLATE_CHUNK} (9999, the published setting) appends ` (N=<chunk>)`;
 * {@link NEVER_SPLIT_CHUNK} (`--chunk whole`) appends ` (whole)`.
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
  if (chunk === NEVER_SPLIT_CHUNK) return `${name} (whole)`;
  return chunk === null || chunk === WHOLE_TEMPLATE_CHUNK ? name : `${name} (N=${chunk})`;
}

/** Display names of the fusion methods, as printed in the published tables. */
const _METHOD_NAMES: Readonly<Record<string, string>> = {
  average: "Average",
  insightface: "InsightFace",
  caface: "CAFace",
};

import { CHUNK_WHOLE, DEFAULT_CHUNK } from "../core/mod.ts";

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

/** Short titles of the IJB-S protocols, as the paper's table heads them. */
export const PROTOCOL_TITLES: Readonly<Record<string, string>> = {
  surveillance_to_single: "Surv-to-Single",
  surveillance_to_booking: "Surv-to-Booking",
  surveillance_to_surveillance: "Surv-to-Surv",
};

/**
 * The label of a result row in tables that mix protocols: {@linkcode methodLabel}, after
 * the protocol's short title when the row has one (`"Surv-to-Single: CAFace (N=8)"`).
 *
 * @example Usage
 * ```ts
 * import { rowTitle } from "./method_label.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(rowTitle({ fusion: "average", chunk: null }), "Average");
 * assert.equal(
 *   rowTitle({ protocol: "surveillance_to_single", fusion: "caface", chunk: 8 }),
 *   "Surv-to-Single: CAFace (N=8)",
 * );
 * ```
 */
export function rowTitle(r: { protocol?: string; fusion: string; chunk: number | null }): string {
  const method = methodLabel(r.fusion, r.chunk);
  return r.protocol === undefined
    ? method
    : `${PROTOCOL_TITLES[r.protocol] ?? r.protocol}: ${method}`;
}

import { stringify } from "csv-stringify/sync";
import { FAR_TARGETS, type FusionResult } from "../metrics/mod.ts";
import { _percent } from "./_format.ts";
import { _markdownTable } from "./_markdown.ts";
import { CHUNK_WHOLE, DEFAULT_CHUNK } from "../core/mod.ts";
import { _FAR_HEADERS, type ResultTableOptions } from "./result_table.ts";

/**
 * CAFace's `result_by_split` table: how verification changes when each template is fed in
 * chunks of N images (docs/fusion.md#chunk-sizes-in-the-results). One row per chunked result of each fusion, whole
 * template first then N descending, with TAR@FAR in percent and the change at FAR=1e-4
 * against the whole-template row in percentage points. Results without chunks (the
 * average baseline) are listed first as the reference. Returns `""` when no result has a
 * chunk size or none has verification (IJB-S: the by-chunk table covers identification).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitTable } from "./split_table.ts";
 * const v = (tar: number) => ({ pairs: 2, genuine: 1, impostor: 1, auc: 1,
 *   tar_at_far: { "1e-4": tar } });
 * const md = splitTable([
 *   { fusion: "caface", chunk: 8, verification: v(0.9) },
 *   { fusion: "caface", chunk: 0, verification: v(0.95) },
 * ]);
 * assert.match(md, /\| CAFace \| whole/);
 * ```
 */
export function splitTable(
  results: readonly FusionResult[],
  options: ResultTableOptions = {},
): string {
  const chunked = results.filter((r) => r.chunk !== null);
  if (chunked.length === 0 || !results.some((r) => r.verification)) return "";
  const order = (r: FusionResult) => r.chunk === CHUNK_WHOLE ? Infinity : r.chunk!;
  const rows = [
    ...results.filter((r) => r.chunk === null),
    ...chunked.toSorted((a, b) => a.fusion.localeCompare(b.fusion) || order(b) - order(a)),
  ];
  const header = ["Fusion", "Split N", ..._FAR_HEADERS, "Δ@1e-4 (pp)"];
  const cells = rows.map((r) => {
    // The reference: the never-split row, else the published 9999 (whole for most templates).
    const whole = results.find((w) => w.fusion === r.fusion && w.chunk === CHUNK_WHOLE) ??
      results.find((w) => w.fusion === r.fusion && w.chunk === DEFAULT_CHUNK);
    const tar = (x: FusionResult | undefined) => x?.verification?.tar_at_far["1e-4"];
    const a = tar(r), b = tar(whole);
    const delta = r.chunk === null || a === undefined || b === undefined
      ? undefined
      : ((a - b) * 100).toFixed(2);
    return [
      r.fusion === "caface" ? "CAFace" : r.fusion === "average" ? "Average" : r.fusion,
      r.chunk === null ? "–" : r.chunk === CHUNK_WHOLE ? "whole" : String(r.chunk),
      ...FAR_TARGETS.map(([key]) => {
        const v = r.verification?.tar_at_far[key];
        return v === undefined || !Number.isFinite(v) ? undefined : _percent(v);
      }),
      delta,
    ];
  });
  if (options.format === "csv") {
    return stringify([header, ...cells.map((r) => r.map((c) => c ?? ""))], {
      record_delimiter: "\n",
    });
  }
  return _markdownTable(
    header,
    cells.map((r) => r.map((c) => c ?? "–")),
    header.map((_, c) => c < 2 ? "left" : "right"),
  );
}

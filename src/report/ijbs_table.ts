import type { FusionResult } from "../metrics/result.ts";
import { _percent } from "./_format.ts";
import { _markdownTable } from "./_markdown.ts";
import { methodLabel } from "./method_label.ts";

/** The IJB-S protocols in the paper's column order, with their short titles. */
export const IJBS_TABLE_PROTOCOLS = [
  ["surveillance_to_single", "Surv-to-Single"],
  ["surveillance_to_booking", "Surv-to-Booking"],
  ["surveillance_to_surveillance", "Surv-to-Surv"],
] as const;

/** The three values of each protocol in the paper's IJB-S table. */
export const IJBS_TABLE_METRICS = ["Rank-1", "Rank-5", "1%"] as const;

/** A published value for a cell: `(method label, protocol, metric) → percent`. */
export type PublishedLookup = (
  label: string,
  protocol: string,
  metric: typeof IJBS_TABLE_METRICS[number],
) => number | undefined;

/** Options of {@linkcode ijbsTable}. */
export interface IjbsTableOptions {
  /** `"markdown"` (default) or `"csv"`. */
  format?: "markdown" | "csv";
  /**
   * When given, each cell also shows the published value and the difference,
   * `70.10 (70.42, −0.32)`, or `70.10 (—)` where no published value is known.
   */
  published?: PublishedLookup;
}

/**
 * The IJB-S table in the paper's layout: one row per fusion and chunk; for each of
 * Surveillance-to-Single, -to-Booking and -to-Surveillance, Rank-1, Rank-5 and
 * TPIR@FPIR=1%, in percent with 2 decimals. Rows without a `protocol` are ignored; a
 * missing value prints as "—".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ijbsTable } from "./ijbs_table.ts";
 * const id = { probes: 2, rank: { "1": 0.5, "5": 1 }, tpir_at_fpir: { "1e-2": 0.25 } };
 * const table = ijbsTable([
 *   { protocol: "surveillance_to_single", fusion: "average", chunk: null, identification: id },
 * ], { format: "csv" });
 * assert.equal(table.split("\n")[1], "Average,50.00,100.00,25.00,—,—,—,—,—,—");
 * ```
 */
export function ijbsTable(
  results: readonly FusionResult[],
  options: IjbsTableOptions = {},
): string {
  const labels: string[] = [];
  const cells = new Map<string, number | undefined>();
  for (const r of results) {
    if (r.protocol === undefined) continue;
    const label = methodLabel(r.fusion, r.chunk);
    if (!labels.includes(label)) labels.push(label);
    const id = r.identification;
    const values = [id?.rank["1"], id?.rank["5"], id?.tpir_at_fpir["1e-2"]];
    IJBS_TABLE_METRICS.forEach((m, i) => cells.set(`${label}|${r.protocol}|${m}`, values[i]));
  }
  const header = ["Method"];
  for (const [, title] of IJBS_TABLE_PROTOCOLS) {
    for (const m of IJBS_TABLE_METRICS) header.push(`${title} ${m}`);
  }
  const rows = labels.map((label) => {
    const row = [label];
    for (const [protocol] of IJBS_TABLE_PROTOCOLS) {
      for (const m of IJBS_TABLE_METRICS) {
        const value = cells.get(`${label}|${protocol}|${m}`);
        let cell = value === undefined || Number.isNaN(value) ? "—" : _percent(value);
        if (options.published) {
          const p = options.published(label, protocol, m);
          cell += p === undefined
            ? " (—)"
            : value === undefined
            ? ` (${p.toFixed(2)})`
            : ` (${p.toFixed(2)}, ${_signed(value * 100 - p)})`;
        }
        row.push(cell);
      }
    }
    return row;
  });
  if (options.format === "csv") {
    return [header, ...rows].map((r) => r.map(_csvCell).join(",")).join("\n") + "\n";
  }
  return _markdownTable(header, rows, header.map((_, i) => i === 0 ? "left" : "right"));
}

function _signed(x: number): string {
  const text = Math.abs(x).toFixed(2);
  return text === "0.00" ? "±0.00" : `${x < 0 ? "−" : "+"}${text}`;
}

function _csvCell(cell: string): string {
  return /[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

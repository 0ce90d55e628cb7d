import type { FusionResult, Interval } from "../metrics/mod.ts";
import { _percent, _withCi } from "./_format.ts";
import { _escapeLatex, _latexTable } from "./_latex.ts";
import { _markdownTable } from "./_markdown.ts";
import { methodLabel, PROTOCOL_TITLES } from "./method_label.ts";

/** The IJB-S protocols in the paper's column order, with their short titles. */
export const IJBS_TABLE_PROTOCOLS = (
  ["surveillance_to_single", "surveillance_to_booking", "surveillance_to_surveillance"] as const
).map((p) => [p, PROTOCOL_TITLES[p]!] as const);

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
  /** `"markdown"` (default), `"csv"` or `"latex"` (booktabs). */
  format?: "markdown" | "csv" | "latex";
  /**
   * How markdown and LaTeX cells show a metric's `ci95`: `"pm"` (± half-width, the
   * default), `"interval"` ([lo, hi]) or `"none"`. CSV cells are plain values.
   */
  ci?: "pm" | "interval" | "none";
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
  const format = options.format ?? "markdown";
  const ciStyle = format === "csv" ? "none" : options.ci ?? "pm";
  const labels: string[] = [];
  const cells = new Map<string, { value?: number; ci?: Interval }>();
  for (const r of results) {
    if (r.protocol === undefined) continue;
    const label = methodLabel(r.fusion, r.chunk);
    if (!labels.includes(label)) labels.push(label);
    const id = r.identification;
    const values = [
      { value: id?.rank["1"], ci: id?.ci95?.rank["1"] },
      { value: id?.rank["5"], ci: id?.ci95?.rank["5"] },
      { value: id?.tpir_at_fpir["1e-2"], ci: id?.ci95?.tpir_at_fpir["1e-2"] },
    ];
    IJBS_TABLE_METRICS.forEach((m, i) => cells.set(`${label}|${r.protocol}|${m}`, values[i]!));
  }
  const header = ["Method"];
  for (const [, title] of IJBS_TABLE_PROTOCOLS) {
    for (const m of IJBS_TABLE_METRICS) header.push(`${title} ${m}`);
  }
  const rows = labels.map((label) => {
    const row = [label];
    for (const [protocol] of IJBS_TABLE_PROTOCOLS) {
      for (const m of IJBS_TABLE_METRICS) {
        const { value, ci } = cells.get(`${label}|${protocol}|${m}`) ?? {};
        let cell = value === undefined || Number.isNaN(value)
          ? "—"
          : _withCi(_percent(value), ci, ciStyle)!;
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
  if (format === "csv") {
    return [header, ...rows].map((r) => r.map(_csvCell).join(",")).join("\n") + "\n";
  }
  const align = header.map((_, i) => i === 0 ? "left" : "right" as const);
  if (format === "latex") {
    const tex = (c: string) => _escapeLatex(c).replaceAll("±", "$\\pm$").replaceAll("—", "--");
    return _latexTable(header.map(_escapeLatex), rows.map((r) => r.map(tex)), align);
  }
  return _markdownTable(header, rows, align);
}

function _signed(x: number): string {
  const text = Math.abs(x).toFixed(2);
  return text === "0.00" ? "±0.00" : `${x < 0 ? "−" : "+"}${text}`;
}

function _csvCell(cell: string): string {
  return /[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

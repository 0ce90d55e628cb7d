import { stringify } from "csv-stringify/sync";
import {
  FAR_TARGETS,
  FPIR_TARGETS,
  type FusionResult,
  type Interval,
  RANKS,
} from "../metrics/result.ts";
import { _percent } from "./_format.ts";
import { _markdownTable } from "./_markdown.ts";
import { methodLabel } from "./method_label.ts";

/** Output formats of {@link resultTable}. */
export const TABLE_FORMATS = ["markdown", "csv"] as const;
/** One of {@link TABLE_FORMATS}. */
export type TableFormat = typeof TABLE_FORMATS[number];

/** Options of {@link resultTable}. */
export interface ResultTableOptions {
  /** `"markdown"` (aligned pipe table) or `"csv"` (RFC 4180, header row). Default `"markdown"`. */
  format?: TableFormat;
  /**
   * Leave out the verification or identification columns when no result has that task.
   * Default `false`: all 12 metric columns are always printed.
   */
  omitEmptyTasks?: boolean;
  /**
   * How markdown cells show a metric's `ci95`: `"pm"` as `value ± half-width`,
   * `"interval"` as `value [lo, hi]`, `"none"` not at all. CSV cells are always plain
   * values. Default `"pm"` (rows without intervals print the value alone).
   */
  ci?: "pm" | "interval" | "none";
}

/** The header of the TAR@FAR columns, as Python prints the targets: `1e-06 … 0.1`. */
export const _FAR_HEADERS = ["1e-06", "1e-05", "0.0001", "0.001", "0.01", "0.1"] as const;

/**
 * The published results table: one row per result, in the given order.
 *
 * Columns: `Method`, TAR@FAR at `1e-06 1e-05 0.0001 0.001 0.01 0.1`, then `Rank-1`,
 * `Rank-5`, `Rank-10`, `TPIR@FPIR=1e-2`, `TPIR@FPIR=1e-1`. Every metric is printed as
 * `value·100` with exactly 2 decimals (`0.123456` → `12.35`), as in PROTOCOLS.md §4. The
 * Method is {@link methodLabel} (`"CAFace (N=8)"`).
 *
 * Degenerate cases: a result without `verification` or `identification`, or a missing
 * key in one of them, gives an empty cell in CSV and `–` in markdown; an empty `results`
 * gives the header alone.
 *
 * @example Usage
 * ```ts
 * import { resultTable } from "./result_table.ts";
 * import assert from "node:assert/strict";
 *
 * const csv = resultTable([{ fusion: "average", chunk: null }], { format: "csv" });
 * assert.equal(csv.split("\n")[1], "Average,,,,,,,,,,,");
 * ```
 *
 * @param results The `results` of a metrics.json file.
 * @param options Output format; see {@link ResultTableOptions}.
 * @returns The table text, ending with a newline.
 */
export function resultTable(
  results: readonly FusionResult[],
  options: ResultTableOptions = {},
): string {
  const { format = "markdown", omitEmptyTasks = false } = options;
  const ciStyle = format === "csv" ? "none" : options.ci ?? "pm";
  if (!(TABLE_FORMATS as readonly string[]).includes(format)) {
    throw new RangeError(
      `Cannot write a result table as "${format}": expected one of ${
        TABLE_FORMATS.map((f) => `"${f}"`).join(", ")
      }`,
    );
  }
  const withVer = !omitEmptyTasks || results.some((r) => r.verification !== undefined);
  const withId = !omitEmptyTasks || results.some((r) => r.identification !== undefined);
  const header = ["Method"];
  if (withVer) header.push(..._FAR_HEADERS);
  if (withId) {
    header.push(...RANKS.map((k) => `Rank-${k}`));
    header.push(...FPIR_TARGETS.map(([key]) => `TPIR@FPIR=${key}`));
  }
  const rows = results.map((r) => {
    const cells: (string | undefined)[] = [methodLabel(r.fusion, r.chunk)];
    const v = r.verification, id = r.identification;
    const cell = (value: number | undefined, ci: Interval | undefined) =>
      _withCi(_cell(value), ci, ciStyle);
    if (withVer) {
      cells.push(...FAR_TARGETS.map(([key]) => cell(v?.tar_at_far[key], v?.ci95?.tar_at_far[key])));
    }
    if (withId) {
      cells.push(...RANKS.map((k) => cell(id?.rank[String(k)], id?.ci95?.rank[String(k)])));
      cells.push(
        ...FPIR_TARGETS.map(([key]) => cell(id?.tpir_at_fpir[key], id?.ci95?.tpir_at_fpir[key])),
      );
    }
    return cells;
  });
  if (format === "csv") {
    return stringify([header, ...rows.map((r) => r.map((c) => c ?? ""))], {
      record_delimiter: "\n",
    });
  }
  return _markdownTable(
    header,
    rows.map((r) => r.map((c) => c ?? "–")),
    header.map((_, c) => c === 0 ? "left" : "right"),
  );
}

function _cell(value: number | undefined): string | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : _percent(value);
}

/** Appends an interval to a formatted cell: `± half-width` or `[lo, hi]`, in points. */
function _withCi(
  cell: string | undefined,
  ci: Interval | undefined | null,
  style: "pm" | "interval" | "none",
): string | undefined {
  if (cell === undefined || style === "none" || !ci) return cell;
  const [lo, hi] = ci;
  if (typeof lo !== "number" || typeof hi !== "number" || !(hi >= lo)) return cell;
  return style === "pm"
    ? `${cell} ± ${((hi - lo) * 50).toFixed(2)}`
    : `${cell} [${_percent(lo)}, ${_percent(hi)}]`;
}

import { stringify } from "csv-stringify/sync";
import {
  FAR_TARGETS,
  FPIR_TARGETS,
  type FusionResult,
  type Interval,
  RANKS,
} from "../metrics/mod.ts";
import { _percent, _withCi } from "./_format.ts";
import { _markdownTable } from "./_markdown.ts";
import { _escapeLatex, _latexTable } from "./_latex.ts";
import { rowTitle } from "./method_label.ts";

/** Output formats of {@link resultTable}. */
export const TABLE_FORMATS = ["markdown", "csv", "latex"] as const;
/** One of {@link TABLE_FORMATS}. */
export type TableFormat = typeof TABLE_FORMATS[number];

/** Options of {@link resultTable}. */
export interface ResultTableOptions {
  /**
   * `"markdown"` (aligned pipe table), `"csv"` (RFC 4180, header row, plain numbers) or
   * `"latex"` (booktabs). Default `"markdown"`.
   */
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

/** The headers of the TAR@FAR columns: `TAR@FAR=1e-6 … TAR@FAR=1e-1`. */
export const _FAR_HEADERS = FAR_TARGETS.map(([key]) => `TAR@FAR=${key}`);

/** The mark on a TAR@FAR the data cannot resolve (see {@link unresolvedFarNote}). */
export const UNRESOLVED_MARK = "†";

/**
 * The published results table: one row per result, in the given order.
 *
 * Columns: `Method`, `TAR@FAR=1e-6` … `TAR@FAR=1e-1`, then `Rank-1`, `Rank-5`, `Rank-10`,
 * `TPIR@FPIR=1e-2`, `TPIR@FPIR=1e-1`, the last two named with their open-set rule
 * (`TPIR@FPIR=1e-2 (insightface-1n)`) when the results record one, and repeated for each
 * further rule in `tpir_at_fpir_by_rule`. Every metric is printed as `value·100` with exactly
 * 2 decimals (`0.123456` → `12.35`), as in docs/verification.md. The Method is
 * {@link methodLabel} (`"CAFace (N=8)"`).
 *
 * A TAR at a FAR below 1/impostors, which the pairs cannot resolve (the ROC has no point
 * there and the nearest one is reported), is marked `†` in markdown and LaTeX, and the
 * table is followed by {@link unresolvedFarNote}; CSV keeps plain numbers.
 *
 * Degenerate cases: a result without `verification` or `identification`, or a missing
 * key in one of them, gives an empty cell in CSV and `–` in markdown and LaTeX; an empty
 * `results` gives the header alone.
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
  const ciStyle = format === "markdown" ? options.ci ?? "pm" : "none";
  if (!(TABLE_FORMATS as readonly string[]).includes(format)) {
    throw new RangeError(
      `Cannot write a result table as "${format}": expected one of ${
        TABLE_FORMATS.map((f) => `"${f}"`).join(", ")
      }`,
    );
  }
  const withVer = !omitEmptyTasks || results.some((r) => r.verification !== undefined);
  const withId = !omitEmptyTasks || results.some((r) => r.identification !== undefined);
  const rules = openSetRules(results);
  const header = ["Method"];
  if (withVer) header.push(..._FAR_HEADERS);
  if (withId) {
    header.push(...RANKS.map((k) => `Rank-${k}`));
    for (const rule of rules) {
      const suffix = rule === undefined ? "" : ` (${rule})`;
      header.push(...FPIR_TARGETS.map(([key]) => `TPIR@FPIR=${key}${suffix}`));
    }
  }
  const mark = format === "csv" ? "" : format === "latex" ? "$^\\dagger$" : UNRESOLVED_MARK;
  const rows = results.map((r) => {
    const cells: (string | undefined)[] = [rowTitle(r)];
    const v = r.verification, id = r.identification;
    const cell = (value: number | undefined, ci: Interval | undefined) =>
      _withCi(_cell(value), ci, ciStyle);
    if (withVer) {
      cells.push(...FAR_TARGETS.map(([key, far]) => {
        const text = _cell(v?.tar_at_far[key]);
        const marked = text !== undefined && v && _unresolved(far, v.impostor) ? text + mark : text;
        return _withCi(marked, v?.ci95?.tar_at_far[key], ciStyle);
      }));
    }
    if (withId) {
      cells.push(...RANKS.map((k) => cell(id?.rank[String(k)], id?.ci95?.rank[String(k)])));
      for (const rule of rules) {
        const primary = rule === undefined || rule === id?.open_set_rule;
        const rates = primary ? id?.tpir_at_fpir : id?.tpir_at_fpir_by_rule?.[rule];
        const cis = primary ? id?.ci95?.tpir_at_fpir : undefined;
        cells.push(...FPIR_TARGETS.map(([key]) => cell(rates?.[key], cis?.[key])));
      }
    }
    return cells;
  });
  const align = header.map((_, c) => c === 0 ? "left" : "right" as const);
  if (format === "csv") {
    return stringify([header, ...rows.map((r) => r.map((c) => c ?? ""))], {
      record_delimiter: "\n",
    });
  }
  const note = withVer ? unresolvedFarNote(results) : "";
  if (format === "latex") {
    return _latexTable(
      header.map(_escapeLatex),
      rows.map((r) => r.map((c, i) => c === undefined ? "--" : i === 0 ? _escapeLatex(c) : c)),
      align,
      note.replace(UNRESOLVED_MARK, "$^\\dagger$"),
    );
  }
  const table = _markdownTable(header, rows.map((r) => r.map((c) => c ?? "–")), align);
  return note ? `${table}\n${note}\n` : table;
}

/**
 * The line explaining the `†` mark, or `""` when no TAR@FAR of `results` is marked:
 * `† FAR below 1/impostors: with 80 impostor pairs no FAR under 1.25e-2 can be resolved;
 * the TAR shown is that of the nearest ROC point`.
 */
export function unresolvedFarNote(results: readonly FusionResult[]): string {
  const counts = new Set<number>();
  for (const r of results) {
    const ver = r.verification;
    if (!ver) continue;
    const marked = FAR_TARGETS.some(([key, far]) =>
      _cell(ver.tar_at_far[key]) !== undefined && _unresolved(far, ver.impostor)
    );
    if (marked) counts.add(ver.impostor);
  }
  if (counts.size === 0) return "";
  const list = [...counts].sort((a, b) => a - b);
  const pairs = list.map((n) => n.toLocaleString("en-US")).join(" or ");
  const limits = list.map((n) => n === 0 ? "any FAR" : (1 / n).toExponential(2)).join(" or ");
  return `${UNRESOLVED_MARK} FAR below 1/impostors: with ${pairs} impostor pairs no FAR under ${limits} can be resolved; the TAR shown is that of the nearest ROC point`;
}

function _unresolved(far: number, impostors: number): boolean {
  return far * impostors < 1;
}

/** The open-set rules named by the results, the table's rule first; `[undefined]` if none. */
function openSetRules(results: readonly FusionResult[]): (string | undefined)[] {
  const rules: string[] = [];
  for (const r of results) {
    const id = r.identification;
    for (const rule of [id?.open_set_rule, ...Object.keys(id?.tpir_at_fpir_by_rule ?? {})]) {
      if (rule !== undefined && !rules.includes(rule)) rules.push(rule);
    }
  }
  return rules.length ? rules : [undefined];
}

function _cell(value: number | undefined): string | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : _percent(value);
}

import { _markdownTable } from "./_markdown.ts";

/** One metric compared against its baseline; all values are fractions in [0, 1]. */
export interface DeltaRow {
  /** The metric's name, e.g. `"TAR@FAR=1e-4 (CAFace)"`. */
  metric: string;
  baseline: number;
  current: number;
  /** `current − baseline`. */
  delta: number;
}

/** Options of {@link deltaTable}. */
export interface DeltaTableOptions {
  /**
   * The largest drop that still passes, as a fraction (0.001 = 0.1 percentage points).
   * A row fails when `delta < −tolerance`. Default `0`: any drop fails.
   */
  tolerance?: number;
}

/**
 * A markdown table for the regression gate: the baseline, the current value and their
 * difference in percentage points (2 decimals), with a status per row.
 *
 * Status: `▼ FAIL` when `delta < −tolerance`, `▲` when `delta > tolerance`, `ok`
 * otherwise. A non-finite `delta` (a metric missing on one side) is printed as `–` and
 * marked `? n/a`. An empty `rows` gives the header alone.
 *
 * @example Usage
 * ```ts
 * import { deltaTable } from "./delta_table.ts";
 * import assert from "node:assert/strict";
 *
 * const md = deltaTable([{ metric: "Rank-1", baseline: 0.95, current: 0.94, delta: -0.01 }]);
 * assert.ok(md.includes("▼ FAIL"));
 * ```
 *
 * @param rows The compared metrics, in display order.
 * @param options The tolerance; see {@link DeltaTableOptions}.
 * @returns The markdown table, ending with a newline.
 */
export function deltaTable(
  rows: readonly DeltaRow[],
  options: DeltaTableOptions = {},
): string {
  const { tolerance = 0 } = options;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new RangeError(
      `Cannot build a delta table with tolerance ${tolerance}: expected a finite number >= 0`,
    );
  }
  const pp = (v: number) => Number.isFinite(v) ? (v * 100).toFixed(2) : "–";
  const signed = (v: number) => Number.isFinite(v) ? (v > 0 ? "+" : "") + pp(v) : "–";
  const status = (d: number) =>
    !Number.isFinite(d) ? "? n/a" : d < -tolerance ? "▼ FAIL" : d > tolerance ? "▲" : "ok";
  return _markdownTable(
    ["Metric", "Baseline", "Current", "Δ (pp)", "Status"],
    rows.map((r) => [r.metric, pp(r.baseline), pp(r.current), signed(r.delta), status(r.delta)]),
    ["left", "right", "right", "right", "left"],
  );
}

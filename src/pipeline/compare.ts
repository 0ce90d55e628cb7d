import type { MetricsFile } from "../metrics/mod.ts";
import type { DeltaRow } from "../report/mod.ts";
import { metricValues, rowKey, rowLabel } from "../gate/mod.ts";

/** The outcome of comparing two `metrics.json` files. */
export interface Comparison {
  rows: DeltaRow[];
  /** Rows whose drop exceeds the tolerance. */
  failures: DeltaRow[];
}

/**
 * Compares every metric that both files contain, matching result rows by protocol, fusion and
 * chunk (the gate's row key).
 * `tolerance` is in percentage points: a metric fails when it drops by more than that.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareMetrics } from "./compare.ts";
 * const file = (tar: number) => ({
 *   dataset: "demo", provenance: {},
 *   results: [{ fusion: "average", chunk: null, verification: {
 *     pairs: 1, genuine: 1, impostor: 1, tar_at_far: { "1e-4": tar }, auc: 1 } }],
 * });
 * const { failures } = compareMetrics(file(0.9), file(0.89), { tolerance: 0.5 });
 * assert.equal(failures.length, 1);
 * ```
 */
export function compareMetrics(
  baseline: MetricsFile,
  current: MetricsFile,
  options: { tolerance?: number } = {},
): Comparison {
  const tolerance = options.tolerance ?? 0.1;
  if (!(tolerance >= 0)) {
    throw new RangeError(
      `Cannot use tolerance ${tolerance}: expected a number of percentage points ≥ 0`,
    );
  }
  const rows: DeltaRow[] = [];
  const current_ = new Map(current.results.map((r) => [rowKey(r), r]));
  for (const base of baseline.results) {
    const match = current_.get(rowKey(base));
    if (!match) continue;
    const now = metricValues(match);
    for (const [metric, { value }] of metricValues(base)) {
      const other = now.get(metric)?.value;
      if (other === undefined) continue;
      rows.push({
        metric: `${metric} (${rowLabel(base)})`,
        baseline: value,
        current: other,
        delta: other - value,
      });
    }
  }
  // A metric that became NaN fails; one that was NaN before and still is does not.
  const failures = rows.filter((r) =>
    Number.isNaN(r.delta)
      ? Number.isNaN(r.current) && !Number.isNaN(r.baseline)
      : r.delta * 100 < -tolerance - 1e-9
  );
  return { rows, failures };
}

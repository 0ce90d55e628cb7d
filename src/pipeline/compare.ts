import type { FusionResult, MetricsFile } from "../metrics/mod.ts";
import type { DeltaRow } from "../report/mod.ts";

/** The outcome of comparing two `metrics.json` files. */
export interface Comparison {
  rows: DeltaRow[];
  /** Rows whose drop exceeds the tolerance. */
  failures: DeltaRow[];
}

/**
 * Compares every metric that both files contain, matching result rows by fusion and chunk.
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
  for (const base of baseline.results) {
    const match = current.results.find((r) => r.fusion === base.fusion && r.chunk === base.chunk);
    if (!match) continue;
    const now = flatten(match);
    for (const [metric, value] of flatten(base)) {
      const other = now.get(metric);
      if (other === undefined) continue;
      rows.push({
        metric: `${metric} (${runLabel(base)})`,
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

function runLabel(r: FusionResult): string {
  return r.chunk === null ? r.fusion : `${r.fusion}, chunk ${r.chunk}`;
}

function flatten(r: FusionResult): Map<string, number> {
  const out = new Map<string, number>();
  const v = r.verification;
  if (v) {
    for (const [far, tar] of Object.entries(v.tar_at_far)) out.set(`TAR@FAR=${far}`, tar);
    out.set("AUC", v.auc);
  }
  const id = r.identification;
  if (id) {
    for (const [k, rate] of Object.entries(id.rank)) out.set(`Rank-${k}`, rate);
    // TPIR is keyed by its open-set rule, so two rules are never compared with each other.
    // Files written before the rule was recorded followed the per-gallery ijb-evals rule.
    const rule = id.open_set_rule ?? "ijb-evals";
    const byRule = { ...id.tpir_at_fpir_by_rule, [rule]: id.tpir_at_fpir };
    for (const [name, rates] of Object.entries(byRule)) {
      for (const [fpir, rate] of Object.entries(rates)) {
        out.set(`TPIR@FPIR=${fpir} [${name}]`, rate);
      }
    }
  }
  return out;
}

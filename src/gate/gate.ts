import type { Interval } from "../metrics/mod.ts";
import { readScores } from "../scores/mod.ts";
import { pairedDeltas } from "./paired_deltas.ts";
import { assertComparable, readMetrics } from "./read_metrics.ts";
import { metricValues, rowKey, rowLabel } from "./metric_values.ts";

/** Verdicts of the gate. */
export type Verdict = "PASS" | "WARN" | "FAIL";

/** One compared metric. Fractions in [0, 1]; `interval` is that of the delta. */
export interface GateRow {
  metric: string;
  run: string;
  baseline: number;
  current: number;
  delta: number;
  interval?: Interval;
  verdict: Verdict;
  /** Why, when not a plain comparison: "missing in current", "NaN in current". */
  note?: string;
}

/** Options of {@linkcode runGate}. */
export interface GateOptions {
  /** Largest allowed drop in percentage points. Default 0.1. */
  tolerance?: number;
  /** `"paired"` (default: bootstrap delta intervals when both runs saved scores) or `"strict"` (point comparison). */
  mode?: "paired" | "strict";
  /** Metrics allowed to be missing from the current run: `TAR@FAR=1e-6` or `TAR@FAR=1e-6 (average)`. */
  allowMissing?: readonly string[];
  /** Paired bootstrap resamples. Default 1000. */
  resamples?: number;
  /** Seed of the paired draws. Default 1. */
  seed?: number;
}

/** The gate's outcome. */
export interface GateReport {
  rows: GateRow[];
  /** `"paired"` when every compared row had saved scores on both sides, else `"point"` or `"mixed"`. */
  method: "paired" | "point" | "mixed";
  notes: string[];
  failed: boolean;
}

/**
 * The regression gate (docs/uncertainty.md):
 * 1. read both metrics files (or report folders) and refuse different datasets/protocols;
 * 2. match rows by (protocol, fusion, chunk); a metric of the baseline that the current
 *    run lacks FAILS unless allowed;
 * 3. paired mode with saved scores: FAIL when the delta's interval lies wholly below
 *    −tolerance, WARN when it straddles −tolerance, PASS otherwise; strict mode or no
 *    saved scores: FAIL when the point delta is below −tolerance.
 */
export async function runGate(
  baselinePath: string,
  currentPath: string,
  options: GateOptions = {},
): Promise<GateReport> {
  const { tolerance = 0.1, mode = "paired", allowMissing = [], resamples = 1000, seed = 1 } =
    options;
  const tol = tolerance / 100;
  // 1. Read and refuse mismatches.
  const base = await readMetrics(baselinePath), now = await readMetrics(currentPath);
  assertComparable(base.file, now.file);
  const notes: string[] = [];
  const savedA = mode === "paired" ? await readScores(base.dir) : undefined;
  const savedB = mode === "paired" ? await readScores(now.dir) : undefined;
  if (mode === "paired" && !(savedA && savedB)) {
    notes.push(
      "Point comparison: the runs did not both save scores (run eval with --save-scores for the paired gate)",
    );
  }
  // 2. Match rows and metrics.
  const rows: GateRow[] = [];
  let paired = 0, point = 0;
  const currentRows = new Map(now.file.results.map((r) => [rowKey(r), r]));
  for (const b of base.file.results) {
    const run = rowLabel(b);
    const c = currentRows.get(rowKey(b));
    const after = c ? metricValues(c) : new Map();
    const deltas = savedA && savedB && c
      ? await pairedDeltas(savedA, savedB, b, { resamples, seed })
      : new Map();
    for (const [metric, { value }] of metricValues(b)) {
      const other = after.get(metric);
      if (other === undefined) {
        const allowed = allowMissing.includes(metric) ||
          allowMissing.includes(`${metric} (${run})`);
        rows.push({
          metric,
          run,
          baseline: value,
          current: NaN,
          delta: NaN,
          verdict: allowed ? "PASS" : "FAIL",
          note: allowed ? "missing in current (allowed)" : "missing in current",
        });
        continue;
      }
      const delta = other.value - value;
      const row: GateRow = {
        metric,
        run,
        baseline: value,
        current: other.value,
        delta,
        verdict: "PASS",
      };
      const interval = deltas.get(metric);
      // 3. Verdicts.
      if (Number.isNaN(other.value) && !Number.isNaN(value)) {
        row.verdict = "FAIL";
        row.note = "NaN in current";
      } else if (interval && Number.isFinite(interval[0]) && Number.isFinite(interval[1])) {
        paired++;
        row.interval = interval;
        row.verdict = interval[1] < -tol - 1e-12
          ? "FAIL"
          : interval[0] < -tol - 1e-12
          ? "WARN"
          : "PASS";
      } else {
        point++;
        if (delta < -tol - 1e-12) row.verdict = "FAIL";
      }
      rows.push(row);
    }
  }
  const method = point === 0 && paired > 0 ? "paired" : paired === 0 ? "point" : "mixed";
  return { rows, method, notes, failed: rows.some((r) => r.verdict === "FAIL") };
}

import type { GateReport } from "./gate.ts";

/**
 * The gate's table as Markdown (for the console and CI comments): run, metric, baseline,
 * current, delta and its 95% interval in percentage points, and the verdict; then the
 * notes and a one-line summary.
 */
export function gateMarkdown(report: GateReport, options: { tolerance: number }): string {
  const pp = (v: number) => Number.isFinite(v) ? (v * 100).toFixed(2) : "–";
  const signed = (v: number) => Number.isFinite(v) ? (v > 0 ? "+" : "") + pp(v) : "–";
  const header = ["Run", "Metric", "Baseline", "Current", "Δ (pp)", "95% interval of Δ", "Verdict"];
  const rows = report.rows.map((r) => [
    r.run,
    r.metric,
    pp(r.baseline),
    pp(r.current),
    signed(r.delta),
    r.interval ? `[${signed(r.interval[0])}, ${signed(r.interval[1])}]` : "(point)",
    r.note ? `${r.verdict} (${r.note})` : r.verdict,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    `| ${
      cells.map((x, c) => (c < 2 || c === 6 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join(
        " | ",
      )
    } |`;
  const rule = `|${
    widths.map((w, c) => (c < 2 || c === 6 ? ":" + "-".repeat(w + 1) : "-".repeat(w + 1) + ":"))
      .join("|")
  }|`;
  const count = (v: string) => report.rows.filter((r) => r.verdict === v).length;
  const summary = `${report.failed ? "FAIL" : count("WARN") ? "PASS with warnings" : "PASS"}: ` +
    `${count("FAIL")} failed, ${count("WARN")} inconclusive, ${count("PASS")} passed ` +
    `(tolerance ${options.tolerance} pp, ${report.method} comparison)`;
  return [
    line(header),
    rule,
    ...rows.map(line),
    "",
    ...report.notes.map((n) => `${n}.`),
    summary,
    "",
  ]
    .join("\n");
}

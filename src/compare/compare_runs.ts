import { metricValues, readMetrics, rowKey, rowLabel } from "../gate/mod.ts";
import { assertComparable } from "../gate/mod.ts";
import type { MetricsFile } from "../metrics/mod.ts";
import { htmlReport, renderSvg } from "../report/mod.ts";
import { overlaySpec } from "./overlay_spec.ts";

/** The charts that a report folder holds and `compare` overlays. */
export const COMPARED_CHARTS = [
  ["roc", "ROC (1:1 verification), with 95% bands where computed"],
  ["cmc", "CMC (1:N closed set)"],
  ["scores", "Genuine and impostor scores"],
] as const;

/** What {@linkcode compareRuns} produces. */
export interface RunComparison {
  /** Markdown table: every metric of every run, with its delta to the first run. */
  table: string;
  /** Overlaid chart specs and their SVG, by chart name. */
  charts: { name: string; title: string; spec: unknown; svg: string }[];
  /** The self-contained HTML page. */
  html: string;
}

/**
 * Overlays several report folders of the same dataset: ROC (with bands), CMC and score
 * histograms drawn together, and one table with each metric's delta to the first run
 * (matched by protocol, fusion and chunk). Run names are the folder names.
 *
 * @throws {GateInputError} When the runs are of different datasets or protocols.
 */
export async function compareRuns(dirs: readonly string[]): Promise<RunComparison> {
  if (dirs.length < 2) {
    throw new RangeError(`Cannot compare ${dirs.length} run: expected at least 2`);
  }
  const runs = await Promise.all(dirs.map((d) => readMetrics(d)));
  for (const r of runs.slice(1)) assertComparable(runs[0]!.file, r.file);
  const names = _names(dirs);
  const charts: RunComparison["charts"] = [];
  for (const [name, title] of COMPARED_CHARTS) {
    const specs: unknown[] = [], owners: string[] = [];
    for (const [i, run] of runs.entries()) {
      try {
        specs.push(JSON.parse(await Deno.readTextFile(`${run.dir}/${name}.vl.json`)));
        owners.push(names[i]!);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
    if (specs.length === 0) continue;
    const spec = overlaySpec(specs, owners);
    charts.push({
      name,
      title,
      spec,
      svg: await renderSvg(spec as Parameters<typeof renderSvg>[0]),
    });
  }
  const table = comparisonTable(runs.map((r) => r.file), names);
  const html = htmlReport({
    title: `${runs[0]!.file.dataset}: ${names.join(" vs ")}`,
    subtitle: `Runs: ${dirs.join(", ")}. Deltas are to the first run, in percentage points.`,
    tables: [{ title: "Metrics (%) and deltas to the first run", markdown: table }],
    charts: charts.map(({ title, svg }) => ({ title, svg })),
  });
  return { table, charts, html };
}

/**
 * A Markdown table of every metric of every run: one row per (run, result row), one column
 * per metric, cells `value` for the first run and `value (Δ)` for the others.
 */
export function comparisonTable(files: readonly MetricsFile[], names: readonly string[]): string {
  const metrics: string[] = [];
  for (const f of files) {
    for (const r of f.results) {
      for (const m of metricValues(r).keys()) if (!metrics.includes(m)) metrics.push(m);
    }
  }
  const first = new Map(files[0]!.results.map((r) => [rowKey(r), metricValues(r)]));
  const pp = (v: number) => Number.isFinite(v) ? (v * 100).toFixed(2) : "–";
  const rows = files.flatMap((f, i) =>
    f.results.map((r) => {
      const values = metricValues(r), base = first.get(rowKey(r));
      return [
        names[i]!,
        rowLabel(r),
        ...metrics.map((m) => {
          const v = values.get(m)?.value;
          if (v === undefined) return "–";
          const b = base?.get(m)?.value;
          if (i === 0 || b === undefined || !Number.isFinite(v - b)) return pp(v);
          const d = (v - b) * 100;
          return `${pp(v)} (${d > 0 ? "+" : ""}${d.toFixed(2)})`;
        }),
      ];
    })
  );
  const header = ["Run", "Method", ...metrics];
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(header),
    `|${header.map((_, c) => c < 2 ? ":---" : "---:").join("|")}|`,
    ...rows.map(line),
  ]
    .join("\n") + "\n";
}

function _names(dirs: readonly string[]): string[] {
  const base = dirs.map((d) =>
    d.replace(/\/metrics\.json$/, "").replace(/\/$/, "").split("/").pop() || d
  );
  return base.map((b, i) => base.indexOf(b) === i ? b : `${b} (${i + 1})`);
}

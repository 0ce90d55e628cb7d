import { metricValues, readMetrics, rowKey } from "../gate/mod.ts";
import { assertComparable } from "../gate/mod.ts";
import type { MetricsFile } from "../metrics/mod.ts";
import { htmlReport, PROTOCOL_TITLES, renderSvg, rowTitle } from "../report/mod.ts";
import { overlaySpec } from "./overlay_spec.ts";

/** The charts that a report folder holds and `compare` overlays. */
export const COMPARED_CHARTS = [
  ["roc", "ROC (1:1 verification), with 95% bands where computed"],
  ["cmc", "CMC (1:N closed set)"],
  ["scores", "Genuine and impostor scores"],
  ["open_set", "Open set (1:N), TPIR against FPIR"],
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
 * Overlays several report folders of the same dataset: ROC (with bands), CMC, score
 * histograms and open-set curves drawn together (one chart per protocol where the reports
 * draw one per protocol, as IJB-S does), and one table with each metric's delta to the first run
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
  for (const [kind, title] of COMPARED_CHARTS) {
    // One chart per protocol where a report draws one per protocol (IJB-S: `cmc_<protocol>`).
    for (const suffix of await _chartSuffixes(runs.map((r) => r.dir), kind)) {
      const specs: unknown[] = [], owners: string[] = [];
      for (const [i, run] of runs.entries()) {
        try {
          specs.push(JSON.parse(await Deno.readTextFile(`${run.dir}/${kind}${suffix}.vl.json`)));
          owners.push(names[i]!);
        } catch (error) {
          if (!(error instanceof Deno.errors.NotFound)) throw error;
        }
      }
      const spec = overlaySpec(specs, owners);
      const protocol = suffix.slice(1);
      charts.push({
        name: `${kind}${suffix}`,
        title: protocol ? `${title}: ${PROTOCOL_TITLES[protocol] ?? protocol}` : title,
        spec,
        svg: await renderSvg(spec as Parameters<typeof renderSvg>[0]),
      });
    }
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
        rowTitle(r),
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

/** The suffixes (`""`, `"_surveillance_to_single"`, …) of a chart kind in any of the folders. */
async function _chartSuffixes(dirs: readonly string[], kind: string): Promise<string[]> {
  const pattern = new RegExp(`^${kind}(_[a-z0-9_]+)?\\.vl\\.json$`);
  const found = new Set<string>();
  for (const dir of dirs) {
    for await (const entry of Deno.readDir(dir)) {
      const match = entry.isFile ? pattern.exec(entry.name) : null;
      if (match) found.add(match[1] ?? "");
    }
  }
  return [...found].sort();
}

function _names(dirs: readonly string[]): string[] {
  const base = dirs.map((d) =>
    d.replace(/\/metrics\.json$/, "").replace(/\/$/, "").split("/").pop() || d
  );
  return base.map((b, i) => base.indexOf(b) === i ? b : `${b} (${i + 1})`);
}

import { atomicWriteFile, writeNpy } from "../features/mod.ts";
import type { MetricsFile } from "../metrics/mod.ts";
import {
  chunkSweepTable,
  htmlReport,
  ijbsTable,
  PROTOCOL_TITLES,
  renderPngAsync,
  renderSvg,
  resultTable,
  runKey,
  splitTable,
} from "../report/mod.ts";
import { writeScores } from "../scores/mod.ts";
import type { Evaluation } from "./evaluate.ts";
import { _diagnosticsSection } from "./_diagnostics_report.ts";
import { type _Chart, _protocolCharts } from "./_report_charts.ts";

/** Pixels per SVG unit in the PNGs: 2× gives about 1,100 px wide charts, sharp in print. */
const PNG_SCALE = 2;

/** Options of {@linkcode writeReport}. */
export interface WriteReportOptions {
  /** Also write `templates_<run>.npy` and `template_ids.txt`. Default `false`. */
  dumpTemplates?: boolean;
  /** Skip the PNG renderings (SVG and spec are still written). Default `false`. */
  skipPng?: boolean;
  /** How tables show intervals: `"pm"` (± half-width) or `"interval"` ([lo, hi]). Default `"pm"`. */
  ciFormat?: "pm" | "interval";
}

/**
 * The one report writer of every benchmark. Writes into `dir`:
 * 1. `table.md`, `table.csv`, `table.tex`: the benchmark's paper table (IJB-B/C metric
 *    columns, or the paper's IJB-S layout, which also gets `table_full.*` with every
 *    metric of every protocol); `result_by_split.*` and `by_chunk.*` (the headline
 *    metrics of every split by chunk size) when a fusion ran at several chunk sizes;
 * 2. per protocol: ROC, score, CMC and open-set charts, and the `by_chunk` chart (metrics
 *    against chunk size, average as the reference line) when the sizes vary, each as
 *    `.vl.json`, `.svg`, `.png`;
 * 3. `diagnostics.md` and the by-size charts; 4. `report.html`;
 * 5. `templates_<run>.npy` + `template_ids.txt` (asked) and `scores/` (when kept);
 * 6. `metrics.json`, last.
 *
 * Every file is written to a temporary name and renamed, so a crash never leaves a
 * half-written `metrics.json` that looks valid; `runEvaluation` passes the staging folder
 * of a `StagedFolder`, which is then moved into place as a whole (docs/reports.md).
 */
export async function writeReport(
  dir: string,
  input: { evaluation: Evaluation; metrics: MetricsFile },
  options: WriteReportOptions = {},
): Promise<string[]> {
  const { evaluation, metrics } = input;
  await Deno.mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, data: string | Uint8Array) => {
    await _named(`${dir}/${name}`, () => atomicWriteFile(`${dir}/${name}`, data));
    written.push(name);
  };
  // 1. Tables.
  const { results } = metrics;
  const ci = options.ciFormat ?? "pm";
  const ijbs = evaluation.benchmark.table === "ijbs";
  const markdown = ijbs
    ? ijbsTable(results, { ci })
    : resultTable(results, { format: "markdown", ci });
  await put("table.md", markdown);
  await put(
    "table.csv",
    ijbs ? ijbsTable(results, { format: "csv" }) : resultTable(results, {
      format: "csv",
    }),
  );
  await put(
    "table.tex",
    ijbs ? ijbsTable(results, { format: "latex", ci }) : resultTable(results, {
      format: "latex",
    }),
  );
  const tables = [{ title: "Results (%)", markdown, highlightBest: true }];
  if (ijbs) {
    const full = resultTable(results, { omitEmptyTasks: true, ci });
    await put("table_full.md", full);
    await put("table_full.csv", resultTable(results, { omitEmptyTasks: true, format: "csv" }));
    tables.push({
      title: "Every metric of every protocol (%)",
      markdown: full,
      highlightBest: false,
    });
  }
  // The chunk-size tables, each only when a fusion ran at several sizes.
  const chunkTables = [
    ["result_by_split", "Result by split: templates fed in chunks of N", splitTable],
    ["by_chunk", "By chunk size: headline metrics of each split (%)", chunkSweepTable],
  ] as const;
  for (const [name, title, table] of chunkTables) {
    const markdown = table(results);
    if (!markdown) continue;
    await put(`${name}.md`, markdown);
    await put(`${name}.csv`, table(results, { format: "csv" }));
    tables.push({ title, markdown, highlightBest: false });
  }
  // 2.–3. Charts and diagnostics, protocol by protocol.
  const charts: { title: string; svg: string }[] = [];
  // PNGs rasterise on resvg's thread pool while the next charts are laid out.
  const pngs: Promise<void>[] = [];
  const chart = async ({ name, title, spec }: _Chart) => {
    const svg = await renderSvg(spec);
    await put(`${name}.vl.json`, JSON.stringify(spec, null, 2));
    await put(`${name}.svg`, svg);
    if (!options.skipPng) {
      const png = renderPngAsync(svg, { scale: PNG_SCALE }).then((p) => put(`${name}.png`, p));
      png.catch(() => {}); // awaited with the others below
      pngs.push(png);
    }
    charts.push({ title, svg });
  };
  const protocols = [...new Set(evaluation.runs.map((r) => r.result.protocol))];
  const diagnostics: string[] = [];
  for (const protocol of protocols) {
    const runs = evaluation.runs.filter((r) => r.result.protocol === protocol);
    for (const c of _protocolCharts(runs, protocol)) await chart(c);
    const suffix = protocol ? ` (${PROTOCOL_TITLES[protocol] ?? protocol})` : "";
    const section = await _diagnosticsSection(runs, evaluation.data, suffix);
    if (section.tables.length === 0) continue;
    diagnostics.push(section.markdown);
    tables.push(...section.tables.map((t) => ({ ...t, highlightBest: false })));
    if (section.chart) {
      await chart({
        name: `by_size${protocol ? `_${protocol}` : ""}`,
        title: `Accuracy by template size${suffix}`,
        spec: section.chart,
      });
    }
  }
  if (diagnostics.length) await put("diagnostics.md", diagnostics.join("\n"));
  // 4. The page.
  const { protocol } = evaluation;
  await put(
    "report.html",
    htmlReport({
      title: `${evaluation.benchmark.title} evaluation`,
      subtitle: `${protocol.images} images, ${protocol.templates} templates, ` +
        `${protocol.pairs} pairs, ${protocol.probes} probes`,
      tables,
      charts,
      provenance: metrics.provenance,
    }),
  );
  // 5. Fused templates and scores.
  if (options.dumpTemplates) {
    const first = evaluation.fused[0];
    if (first) await put("template_ids.txt", Array.from(first.templates.ids).join("\n") + "\n");
    for (const run of evaluation.fused) {
      const name = `templates_${runKey(run)}.npy`;
      await _named(`${dir}/${name}`, () => writeNpy(`${dir}/${name}`, run.templates.features));
      written.push(name);
    }
  }
  if (evaluation.runs.some((r) => r.scores)) {
    written.push(
      ...await writeScores(dir, {
        dataset: evaluation.dataset,
        index: {
          splits: evaluation.data.splits,
          subjects: evaluation.ci?.index,
          rule: evaluation.openSetRules[0]!,
        },
        runs: evaluation.runs.map((r) => ({ ...r.result, ...r.scores })),
      }),
    );
  }
  await Promise.all(pngs);
  // 6. Last: the file that says the run is complete.
  await put("metrics.json", JSON.stringify(metrics, null, 2) + "\n");
  return written;
}

/** Runs a write, naming the file in its error (disk full, permissions). */
async function _named(path: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes(path)) throw error;
    throw new Error(`Cannot write the report file ${path}: ${message}`, { cause: error });
  }
}

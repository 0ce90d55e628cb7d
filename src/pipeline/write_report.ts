import { atomicWriteFile, writeNpy } from "../features/mod.ts";
import type { MetricsFile } from "../metrics/result.ts";
import {
  cmcChart,
  htmlReport,
  methodLabel,
  renderPng,
  renderSvg,
  resultTable,
  rocChart,
  runKey,
  scoreChart,
  splitTable,
} from "../report/mod.ts";
import type { Evaluation } from "./evaluate.ts";
import { writeScores } from "../scores/mod.ts";
import { _diagnosticsSection } from "./_diagnostics_report.ts";

/** Pixels per SVG unit in the PNGs: 2× gives about 1,100 px wide charts, sharp in print. */
const PNG_SCALE = 2;

/** Options of {@linkcode writeReport}. */
export interface WriteReportOptions {
  /** Also write `templates_<fusion>.npy` and `template_ids.txt`. Default `false`. */
  dumpTemplates?: boolean;
  /** Skip the PNG renderings (SVG and spec are still written). Default `false`. */
  skipPng?: boolean;
  /** How tables show intervals: `"pm"` (± half-width) or `"interval"` ([lo, hi]). Default `"pm"`. */
  ciFormat?: "pm" | "interval";
}

/**
 * Writes an evaluation's outputs into `dir`: the tables, the charts (spec, SVG, PNG), the
 * HTML page, optional template dumps, and `metrics.json` last. Every file is written to a
 * temporary name and renamed, so a crash never leaves a half-written `metrics.json` that
 * looks valid. `dir` should be a fresh folder: `runEvaluation` passes the staging folder
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
    await named(`${dir}/${name}`, () => atomicWriteFile(`${dir}/${name}`, data));
    written.push(name);
  };
  const label = (r: { fusion: string; chunk: number | null }) => methodLabel(r.fusion, r.chunk);
  const markdown = resultTable(metrics.results, { format: "markdown", ci: options.ciFormat });
  await put("table.md", markdown);
  await put("table.csv", resultTable(metrics.results, { format: "csv" }));
  await put("table.tex", resultTable(metrics.results, { format: "latex" }));
  const bySplit = splitTable(metrics.results);
  if (bySplit) {
    await put("result_by_split.md", bySplit);
    await put("result_by_split.csv", splitTable(metrics.results, { format: "csv" }));
  }
  const charts: { title: string; svg: string }[] = [];
  const chart = async (name: string, title: string, spec: Parameters<typeof renderSvg>[0]) => {
    const svg = await renderSvg(spec);
    await put(`${name}.vl.json`, JSON.stringify(spec, null, 2));
    await put(`${name}.svg`, svg);
    if (!options.skipPng) await put(`${name}.png`, renderPng(svg, { scale: PNG_SCALE }));
    charts.push({ title, svg });
  };
  const withRoc = evaluation.runs.filter((r) => r.roc);
  if (withRoc.length) {
    await chart(
      "roc",
      "ROC (1:1 verification)",
      rocChart(withRoc.map((r) => ({
        label: label(r.result),
        fpr: r.roc!.fpr,
        tpr: r.roc!.tpr,
        tarAtFar: r.result.verification?.tar_at_far,
        band: r.rocBand,
      }))),
    );
    await chart(
      "scores",
      "Genuine and impostor scores",
      scoreChart(withRoc.map((r) => ({
        label: label(r.result),
        ...r.histogram!,
      }))),
    );
  }
  const withCmc = evaluation.runs.filter((r) => r.cmc);
  if (withCmc.length) {
    await chart(
      "cmc",
      "CMC (1:N closed set)",
      cmcChart(withCmc.map((r) => ({
        label: label(r.result),
        curve: r.cmc!,
      }))),
    );
  }
  // Failure diagnostics: accuracy by template size, hardest pairs (with thumbnails).
  const diagnostics = await _diagnosticsSection(evaluation);
  if (diagnostics.tables.length) {
    await put("diagnostics.md", diagnostics.markdown);
    if (diagnostics.chart) await chart("by_size", "Accuracy by template size", diagnostics.chart);
    if (diagnostics.strip) {
      charts.push({ title: `Hardest pairs (${diagnostics.stripTitle})`, svg: diagnostics.strip });
    }
  }
  await put(
    "report.html",
    htmlReport({
      title: `${evaluation.dataset} evaluation`,
      subtitle:
        `${evaluation.protocol.images} images, ${evaluation.protocol.templates} templates, ` +
        `${evaluation.protocol.pairs} pairs`,
      tables: [
        { title: "Results (%)", markdown, highlightBest: true },
        ...(bySplit
          ? [{ title: "Result by split: templates fed in chunks of N", markdown: bySplit }]
          : []),
        ...diagnostics.tables,
      ],
      charts,
      provenance: metrics.provenance,
    }),
  );
  if (options.dumpTemplates) {
    const first = evaluation.runs[0];
    if (first) await put("template_ids.txt", Array.from(first.templates.ids).join("\n") + "\n");
    for (const run of evaluation.runs) {
      const name = runKey(run.result);
      const path = `${dir}/templates_${name}.npy`;
      await named(path, () => writeNpy(path, run.templates.features));
      written.push(`templates_${name}.npy`);
    }
  }
  if (evaluation.scoreIndex) {
    written.push(
      ...await writeScores(dir, {
        dataset: evaluation.dataset,
        index: evaluation.scoreIndex,
        runs: evaluation.runs.map((r) => ({ ...r.result, ...r.scores })),
      }),
    );
  }
  await put("metrics.json", JSON.stringify(metrics, null, 2) + "\n");
  return written;
}

/** Runs a write, naming the file in its error (disk full, permissions). */
async function named(path: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes(path)) throw error;
    throw new Error(`Cannot write the report file ${path}: ${message}`, { cause: error });
  }
}

import { atomicWriteFile } from "../features/mod.ts";
import type { MetricsFile } from "../metrics/result.ts";
import { IJBS_INPUT_FILES } from "../protocol/mod.ts";
import { digestFile, environment, type FileDigest } from "../provenance/mod.ts";
import { StagedFolder } from "../publish/mod.ts";
import {
  cmcChart,
  htmlReport,
  IJBS_TABLE_PROTOCOLS,
  ijbsTable,
  lengthChart,
  methodLabel,
  openSetChart,
  renderPng,
  renderSvg,
} from "../report/mod.ts";
import type { StageProgress } from "./evaluate.ts";
import {
  evaluateIjbs,
  type IjbsEvaluation,
  type IjbsRequest,
  OPEN_SET_CURVE_FPIRS,
} from "./evaluate_ijbs.ts";

/** Options of {@linkcode runIjbs}. */
export interface RunIjbsOptions {
  /** Output directory: replaced as a whole when the report is complete (docs/reports.md). */
  out: string;
  /** How long to wait for another evaluation writing the same `out`, ms. Default 0. */
  waitMs?: number;
  /** The command-line options, recorded in the provenance. */
  settings?: Record<string, unknown>;
  /** Skip the PNG renderings. Default `false`. */
  skipPng?: boolean;
  onProgress?: StageProgress;
}

/**
 * Evaluates the three IJB-S protocols, records provenance (inputs with SHA-256, settings,
 * version, times) and writes `table.md`, `table.csv`, per-protocol CMC and open-set charts,
 * the rank-1-by-length chart, `report.html`, and `metrics.json` last (atomically).
 */
export async function runIjbs(
  request: IjbsRequest,
  options: RunIjbsOptions,
): Promise<{ metrics: MetricsFile; evaluation: IjbsEvaluation; written: string[] }> {
  return await StagedFolder.build(
    options.out,
    { purpose: "eval ijbs", waitMs: options.waitMs },
    (dir) => ijbsInto(dir, request, options),
  );
}

async function ijbsInto(
  dir: string,
  request: IjbsRequest,
  options: RunIjbsOptions,
): Promise<{ metrics: MetricsFile; evaluation: IjbsEvaluation; written: string[] }> {
  const started = new Date();
  const evaluation = await evaluateIjbs(request, { onProgress: options.onProgress });
  const inputs: FileDigest[] = [];
  for (const file of IJBS_INPUT_FILES) inputs.push(await digestFile(`${request.data}/${file}`));
  for (const source of [request.features, request.style]) {
    if (typeof source === "string") inputs.push(await digestFile(source));
  }
  const { harness, ...runtime } = await environment();
  const metrics: MetricsFile = {
    dataset: "ijbs",
    results: evaluation.runs.map((r) => r.result),
    provenance: {
      harness,
      ...runtime,
      started: started.toISOString(),
      finished: new Date().toISOString(),
      settings: options.settings ?? {},
      protocol: evaluation.protocol,
      open_set_rule: "ijbs: AdaFace/PFE DIR_FAR, k = int(n·FPIR), mate score ≥ threshold",
      dropped_non_finite_rows: evaluation.dropped,
      inputs,
    },
  };
  const written = await writeIjbsReport(dir, { evaluation, metrics }, options);
  return { metrics, evaluation, written };
}

/** Writes the IJB-S report files into `dir`; `metrics.json` last. */
export async function writeIjbsReport(
  dir: string,
  input: { evaluation: IjbsEvaluation; metrics: MetricsFile },
  options: { skipPng?: boolean } = {},
): Promise<string[]> {
  const { evaluation, metrics } = input;
  await Deno.mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, data: string | Uint8Array) => {
    await atomicWriteFile(`${dir}/${name}`, data);
    written.push(name);
  };
  const markdown = ijbsTable(metrics.results);
  await put("table.md", markdown);
  await put("table.csv", ijbsTable(metrics.results, { format: "csv" }));
  const charts: { title: string; svg: string }[] = [];
  const chart = async (name: string, title: string, spec: Parameters<typeof renderSvg>[0]) => {
    const svg = await renderSvg(spec);
    await put(`${name}.vl.json`, JSON.stringify(spec, null, 2));
    await put(`${name}.svg`, svg);
    if (!options.skipPng) await put(`${name}.png`, renderPng(svg));
    charts.push({ title, svg });
  };
  const label = (r: { fusion: string; chunk: number | null }) => methodLabel(r.fusion, r.chunk);
  const protocols = [...new Set(evaluation.runs.map((r) => r.result.protocol))];
  for (const protocol of protocols) {
    const runs = evaluation.runs.filter((r) => r.result.protocol === protocol);
    await chart(
      `cmc_${protocol}`,
      `CMC, ${protocol}`,
      cmcChart(runs.map((r) => ({ label: label(r.result), curve: r.cmc })), {
        title: `CMC: ${protocol}`,
      }),
    );
    await chart(
      `open_set_${protocol}`,
      `Open set, ${protocol}`,
      openSetChart(
        runs.map((r) => ({ label: label(r.result), fpir: OPEN_SET_CURVE_FPIRS, tpir: r.openSet })),
        { title: `TPIR vs FPIR: ${protocol}` },
      ),
    );
  }
  await chart(
    "rank1_by_length",
    "Rank-1 by template length",
    lengthChart(evaluation.runs.map((r) => ({
      label: label(r.result),
      protocol: IJBS_TABLE_PROTOCOLS.find(([name]) => name === r.result.protocol)?.[1] ??
        r.result.protocol,
      frames: r.probeFrames,
      rankOne: r.rankOne,
      isMated: r.isMated,
    }))),
  );
  const empty = evaluation.runs.map((r) =>
    `${label(r.result)}, ${r.result.protocol}: ${r.result.empty_templates} empty templates, ` +
    `${r.result.identification?.mated_probes} of ${r.result.identification?.probes} probes mated`
  );
  await put(
    "report.html",
    htmlReport({
      title: "IJB-S evaluation",
      subtitle: `${evaluation.protocol.rows} rows, ${evaluation.protocol.templates} templates`,
      tables: [{ title: "IJB-S (%): Rank-1, Rank-5, TPIR@FPIR=1%", markdown, highlightBest: true }],
      charts,
      provenance: { ...metrics.provenance, templates: empty },
    }),
  );
  await put("metrics.json", JSON.stringify(metrics, null, 2) + "\n");
  return written;
}

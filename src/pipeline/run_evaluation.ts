import type { MetricsFile } from "../metrics/result.ts";
import {
  evaluate,
  type Evaluation,
  type EvaluationRequest,
  type StageProgress,
} from "./evaluate.ts";
import { metaFiles } from "./benchmark.ts";
import { digestFile, digestModels, environment, type FileDigest } from "../provenance/mod.ts";
import { StagedFolder } from "../publish/mod.ts";
import { writeReport, type WriteReportOptions } from "./write_report.ts";
import { runKey } from "../report/mod.ts";

/** Options of {@linkcode runEvaluation}. */
export interface RunEvaluationOptions extends WriteReportOptions {
  /** Output directory: replaced as a whole when the report is complete (docs/reports.md). */
  out: string;
  /** How long to wait for another evaluation writing the same `out`, ms. Default 0. */
  waitMs?: number;
  /** The command-line options, recorded in the provenance as given. */
  settings?: Record<string, unknown>;
  /**
   * Model files behind the inputs (e.g. the backbone that made the features), recorded
   * with name and SHA-256; the CAFace graphs of `request.fusions` are added by themselves.
   */
  models?: readonly { role: string; path: string }[];
  onProgress?: StageProgress;
}

/**
 * Evaluates, records provenance (inputs with sizes and SHA-256, settings, version, time)
 * and writes the report. Returns the metrics and the evaluation for printing.
 *
 * `out` is locked before the evaluation starts (a second writer stops at once, or waits
 * `waitMs`), the report is built in a staging folder beside it and moved into place as a
 * whole; on any error the staging folder is deleted and `out` keeps its previous run.
 */
export async function runEvaluation(
  request: EvaluationRequest,
  options: RunEvaluationOptions,
): Promise<{ metrics: MetricsFile; evaluation: Evaluation; written: string[] }> {
  const started = new Date();
  return await StagedFolder.build(
    options.out,
    { purpose: `eval ${request.benchmark.name}`, waitMs: options.waitMs },
    (dir) => evaluateInto(dir, request, options, started),
  );
}

async function evaluateInto(
  dir: string,
  request: EvaluationRequest,
  options: RunEvaluationOptions,
  started: Date,
): Promise<{ metrics: MetricsFile; evaluation: Evaluation; written: string[] }> {
  const evaluation = await evaluate(request, { onProgress: options.onProgress });
  const inputs: FileDigest[] = [];
  for (const file of metaFiles(request.benchmark.files)) {
    inputs.push(await digestFile(`${request.data}/meta/${file}`));
  }
  for (const source of [request.features, request.style]) {
    if (typeof source === "string") inputs.push(await digestFile(source));
  }
  const models = [...options.models ?? []];
  for (const spec of request.fusions) {
    if (spec.kind !== "caface") continue;
    for (const graph of ["cluster", "aggregate"]) {
      models.push({ role: `caface ${graph}`, path: `${spec.modelDir}/${graph}.onnx` });
    }
  }
  const { harness, ...runtime } = await environment();
  const metrics: MetricsFile = {
    dataset: evaluation.dataset,
    results: evaluation.runs.map((r) => r.result),
    provenance: {
      harness,
      ...runtime,
      models: await digestModels(models),
      started: started.toISOString(),
      finished: new Date().toISOString(),
      settings: options.settings ?? {},
      protocol: evaluation.protocol,
      dropped_non_finite_rows: Object.fromEntries(
        evaluation.runs.map((r) => [runKey(r.result), r.droppedRows]),
      ),
      empty_templates: Object.fromEntries(
        evaluation.runs.map((r) => [runKey(r.result), r.emptyTemplates]),
      ),
      inputs,
      ...(evaluation.uncertainty ? { uncertainty: evaluation.uncertainty } : {}),
    },
  };
  const written = await writeReport(dir, { evaluation, metrics }, options);
  return { metrics, evaluation, written };
}

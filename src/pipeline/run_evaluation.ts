import type { MetricsFile } from "../metrics/mod.ts";
import {
  type CodeDigest,
  digestFile,
  digestFilesInBackground,
  digestModels,
  environment,
  type FileDigest,
} from "../provenance/mod.ts";
import { layoutInputs } from "../protocol/mod.ts";
import { StagedFolder } from "../publish/mod.ts";
import { runKey } from "../report/mod.ts";
import {
  evaluate,
  type Evaluation,
  type EvaluationRequest,
  type StageProgress,
} from "./evaluate.ts";
import { writeReport, type WriteReportOptions } from "./write_report.ts";

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
  /** The code that computed the run, recorded as `provenance.code` (a cache compares it). */
  code?: CodeDigest;
  onProgress?: StageProgress;
}

/** What {@linkcode runEvaluation} returns for printing. */
export interface RunRecord {
  metrics: MetricsFile;
  evaluation: Evaluation;
  /** The files written, relative to `out`. */
  written: string[];
}

/**
 * The one run record of every benchmark: evaluates, records provenance (protocol files,
 * features and models with sizes and SHA-256, settings, versions, times) and writes the
 * report.
 *
 * `out` is locked before the evaluation starts (a second writer stops at once, or waits
 * `waitMs`), the report is built in a staging folder beside it and moved into place as a
 * whole; on any error the staging folder is deleted and `out` keeps its previous run.
 */
export async function runEvaluation(
  request: EvaluationRequest,
  options: RunEvaluationOptions,
): Promise<RunRecord> {
  const started = new Date();
  return await StagedFolder.build(
    options.out,
    { purpose: `eval ${request.benchmark.name}`, waitMs: options.waitMs },
    (dir) => _evaluateInto(dir, request, options, started),
  );
}

async function _evaluateInto(
  dir: string,
  request: EvaluationRequest,
  options: RunEvaluationOptions,
  started: Date,
): Promise<RunRecord> {
  // The inputs are hashed on a worker while the evaluation runs (a 1 GB feature file).
  const digests = digestFilesInBackground(_inputPaths(request));
  digests.catch(() => {}); // awaited below; an evaluation error comes first
  const evaluation = await evaluate(request, { onProgress: options.onProgress });
  const metrics = await runMetrics(evaluation, request, options, started, digests);
  const written = await writeReport(dir, { evaluation, metrics }, options);
  return { metrics, evaluation, written };
}

/** The `metrics.json` of an evaluation: its result rows and their provenance. */
export async function runMetrics(
  evaluation: Evaluation,
  request: EvaluationRequest,
  options: Pick<RunEvaluationOptions, "settings" | "models" | "code">,
  started: Date,
  digests?: Promise<FileDigest[]>,
): Promise<MetricsFile> {
  const paths = [
    ...evaluation.data.inputs.map((file) => `${request.data}/${file}`),
    ..._sources(request),
  ];
  let inputs = digests ? await digests.catch(() => []) : [];
  if (inputs.map((d) => d.path).join("\n") !== paths.join("\n")) {
    inputs = [];
    for (const path of paths) inputs.push(await digestFile(path));
  }
  const models = [...options.models ?? []];
  for (const spec of request.fusions) {
    if (spec.kind !== "caface") continue;
    for (const graph of ["cluster", "aggregate"]) {
      models.push({ role: `caface ${graph}`, path: `${spec.modelDir}/${graph}.onnx` });
    }
  }
  const { harness, ...runtime } = await environment();
  const byRun = (pick: (r: Evaluation["fused"][number]) => number) =>
    Object.fromEntries(evaluation.fused.map((r) => [runKey(r), pick(r)]));
  return {
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
      ...evaluation.data.notes,
      open_set_rules: evaluation.openSetRules,
      dropped_non_finite_rows: byRun((r) => r.droppedRows),
      empty_templates: byRun((r) => r.emptyTemplates),
      inputs,
      feature_dtypes: evaluation.dtypes,
      ...(options.code ? { code: options.code } : {}),
      ...(evaluation.uncertainty ? { uncertainty: evaluation.uncertainty } : {}),
    },
  };
}

/** The files a run's provenance digests: the layout files of its tasks, then its sources. */
function _inputPaths(request: EvaluationRequest): string[] {
  const { benchmark } = request;
  return [
    ...layoutInputs(benchmark.layout, request.tasks ?? benchmark.tasks).map((file) =>
      `${request.data}/${file}`
    ),
    ..._sources(request),
  ];
}

function _sources(request: EvaluationRequest): string[] {
  return [request.features, request.style].filter((s): s is string => typeof s === "string");
}

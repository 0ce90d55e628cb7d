import type { MetricsFile } from "../metrics/result.ts";
import {
  evaluate,
  type Evaluation,
  type EvaluationRequest,
  type StageProgress,
} from "./evaluate.ts";
import { digestFile, type FileDigest, harnessVersion } from "../provenance/mod.ts";
import { writeReport, type WriteReportOptions } from "./write_report.ts";

/** Options of {@linkcode runEvaluation}. */
export interface RunEvaluationOptions extends WriteReportOptions {
  /** Output directory. */
  out: string;
  /** The command-line options, recorded in the provenance as given. */
  settings?: Record<string, unknown>;
  onProgress?: StageProgress;
}

/**
 * Evaluates, records provenance (inputs with sizes and SHA-256, settings, version, time)
 * and writes the report. Returns the metrics and the evaluation for printing.
 */
export async function runEvaluation(
  request: EvaluationRequest,
  options: RunEvaluationOptions,
): Promise<{ metrics: MetricsFile; evaluation: Evaluation; written: string[] }> {
  const started = new Date();
  const evaluation = await evaluate(request, { onProgress: options.onProgress });
  const inputs: FileDigest[] = [];
  const { files } = request.benchmark;
  const metaFiles = [files.faceTidMid, files.fivePts, files.pairs, files.probes]
    .concat(files.galleries.map((g) => g.file))
    .filter((f): f is string => f !== undefined);
  for (const file of metaFiles) inputs.push(await digestFile(`${request.data}/meta/${file}`));
  for (const source of [request.features, request.style]) {
    if (typeof source === "string") inputs.push(await digestFile(source));
  }
  const metrics: MetricsFile = {
    dataset: evaluation.dataset,
    results: evaluation.runs.map((r) => r.result),
    provenance: {
      harness: `caface-harness ${await harnessVersion()}`,
      deno: Deno.version.deno,
      started: started.toISOString(),
      finished: new Date().toISOString(),
      settings: options.settings ?? {},
      protocol: evaluation.protocol,
      dropped_nan_rows: Object.fromEntries(
        evaluation.runs.map((r) => [label(r.result), r.droppedRows]),
      ),
      empty_templates: Object.fromEntries(
        evaluation.runs.map((r) => [label(r.result), r.emptyTemplates]),
      ),
      inputs,
      ...(evaluation.uncertainty ? { uncertainty: evaluation.uncertainty } : {}),
    },
  };
  const written = await writeReport(options.out, { evaluation, metrics }, options);
  return { metrics, evaluation, written };
}

function label(r: { fusion: string; chunk: number | null }): string {
  return r.chunk === null ? r.fusion : `${r.fusion}-${r.chunk}`;
}

/**
 * deno task eval [dataset] [options] — evaluate template fusion on a benchmark. The policy
 * lives in `evaluationPlan` (src/pipeline/plan.ts): this file parses, calls and prints.
 */
import { parseFlags } from "./_flags.ts";
import { BENCHMARKS, getBenchmark } from "../benchmarks/mod.ts";
import {
  ensureFeatures,
  type EvaluationPlan,
  evaluationPlan,
  runEvaluation,
  TASKS,
} from "../src/pipeline/mod.ts";
import { FUSION_NAMES } from "../src/fusion/mod.ts";
import { type FusionResult, OPEN_SET_RULES } from "../src/metrics/mod.ts";
import {
  chunkSweepTable,
  ijbsTable,
  PROTOCOL_TITLES,
  resultTable,
  splitTable,
} from "../src/report/mod.ts";
import { ON_ERROR_MODES } from "../src/extract/mod.ts";
import { requireDevice } from "../src/onnx/mod.ts";
import { progressPrinter } from "./_progress.ts";
import { extractionLines } from "./_extract_report.ts";
import {
  asUsage,
  dataWarnings,
  requirePath,
  runMain,
  shippedPath,
  stamp,
  uniqueSuffix,
  UsageError,
} from "./_cli.ts";
import { BACKBONE_HELP, backboneFlags } from "./_extract_flags.ts";
import { EVAL_FLAGS } from "./_eval_flags.ts";

const HELP = `Evaluate template fusion on a benchmark (IJB-B, IJB-C, IJB-S) and write a report.

Usage: deno task eval [dataset] [options]

  dataset                 ${Object.keys(BENCHMARKS).join(", ")}
                          (ijbs, ijbs-demo: the IJB-S layout, docs/ijbs.md; fusion average
                          by default; images are prealigned and resized, not warped)
                          (default: demo, 55 embedded real faces)

Input:
  --data DIR              root of the benchmark's layout: IJB-B/C DIR/meta/..., DIR/loose_crop/;
                          IJB-S DIR/protocols/..., DIR/images/ (docs/ijbs.md)
  --features FILE.npy     per-image raw embeddings [images, D], float32, float16 or float64
                          (read as float32; the dtype is recorded in provenance), in the
                          layout's image order; without it the images are embedded first
  --style FILE.npy        per-image style vectors [images, 64] (for CAFace)

Extraction (when --features is not given):
  --store DIR             feature store, resumed or reused when its settings match
                          (default: reports/stores/<dataset>-<backbone file name>)
${BACKBONE_HELP}
  --on-error M            ${
  ON_ERROR_MODES.join(", ")
} (default: skip): an unreadable image becomes a NaN row
  --workers N             decode + align workers (default: cores − 1)
  --prealigned            IJB-B/C: the loose_crop/ images are already aligned crops: resize
                          them to the backbone input instead of warping by the landmarks
                          (default store: reports/stores/<dataset>-<backbone>-prealigned)

Evaluation:
  --fusion LIST           comma list of ${FUSION_NAMES.join(", ")} (default: insightface,average;
                          average for IJB-S)
  --faceness              insightface fusion: weight each image by its detector score first
  --normalise-images      insightface fusion: L2-normalise each image first (drops the norm)
  --caface MODELDIR       CAFace model directory (cluster.onnx, aggregate.onnx), for --fusion caface
  --chunk LIST            CAFace chunk sizes, one result row each, split by np.array_split
                          (9999 too); "whole" never splits; "sweep" is the official
                          validation's 4,8,32,64,128,256,9999, and the report then adds a
                          "by chunk size" table and chart (default: 9999)
  --tasks LIST            comma list of ${TASKS.join(", ")} (default: every split of the
                          benchmark; IJB-S has identification splits only)
  --open-set-rule LIST    TPIR@FPIR rule(s), comma list of ${OPEN_SET_RULES.join(", ")}; the
                          first is the table's; default: the benchmark's (insightface-1n for
                          IJB-B/C, see docs/identification.md)
  --out DIR               output directory, replaced as a whole when the report is complete
                          (default: reports/<dataset>-<timestamp>-<random>/)
  --wait SECONDS          wait this long for another eval writing the same --out (default 0:
                          stop at once with the other process named)
  --dump-templates        also write templates_<fusion>.npy and template_ids.txt
  --ci / --no-ci          95% subjects-bootstrap interval for every metric (default: on
                          for protocols of at most 1,000,000 pairs, off above; on for IJB-S)
  --bootstrap N           bootstrap resamples (default: 1000)
  --seed N                seed of the subject draws (default: 1)
  --ci-format F           tables show intervals as pm (value ± half-width) or interval
                          (value [lo, hi]) (default: pm)
  --save-scores           write scores/: per-pair scores and labels and per-probe gallery
                          scores (.npy), for check's paired gate and other tools
  --no-png                skip PNG renderings of the charts
  --quiet                 no progress output
  -h, --help              show this help

A flag the benchmark cannot honour (--tasks verification on IJB-S, --chunk without CAFace,
extraction flags with --features) is refused before any work, never ignored.

Writes metrics.json, table.md/.csv/.tex, ROC/score/CMC/open-set charts per protocol
(.vl.json, .svg, .png), diagnostics.md and report.html. Exit status: 0 on success, 1 on an
error, 2 on a usage error.`;

await runMain(async () => {
  const { values, positionals } = parseFlags(Deno.args, EVAL_FLAGS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length > 1) {
    throw new UsageError(`Cannot use more than one dataset: got ${positionals.join(" ")}`);
  }
  const benchmark = asUsage(() => getBenchmark(positionals[0] ?? "demo"));
  const plan = evaluationPlan(benchmark, values, {
    resolve: shippedPath,
    backbone: backboneFlags,
    defaultOut: (name) => `reports/${name}-${stamp()}-${uniqueSuffix()}`,
  });
  if (plan.prepare) {
    if (!plan.quiet) console.error(`CAFace demo inputs: ${plan.prepare.dir}`);
    await plan.prepare.run();
  }
  // Every input path is checked here, before any work starts.
  for (const check of plan.checks) requirePath(check.flag, check.path, check);
  const progress = progressPrinter({ quiet: plan.quiet });
  const { features, style, models } = await _features(plan, progress);
  const { metrics, written } = await runEvaluation({
    benchmark,
    data: plan.data,
    features,
    style,
    fusions: plan.fusions,
    tasks: plan.tasks,
    openSetRules: plan.openSetRules,
    ci: plan.ci,
    saveScores: plan.saveScores,
  }, {
    ciFormat: plan.ciFormat,
    out: plan.out,
    waitMs: plan.waitMs,
    dumpTemplates: plan.dumpTemplates,
    skipPng: plan.skipPng,
    settings: { dataset: benchmark.name, ...values },
    models,
    onProgress: progress,
  });
  // Printed from this run's metrics, not read back: another eval may replace --out next.
  if (benchmark.table === "ijbs") {
    console.log(ijbsTable(metrics.results, { ci: plan.ciFormat }));
  } else {
    console.log(resultTable(metrics.results, { ci: plan.ciFormat }));
  }
  if (written.includes("result_by_split.md")) console.log(splitTable(metrics.results));
  if (written.includes("by_chunk.md")) console.log(chunkSweepTable(metrics.results));
  for (const line of dataWarnings(metrics.provenance)) console.log(line);
  const mateless = _matelessNote(metrics.results);
  if (mateless) console.log(mateless);
  const skipped = (metrics.provenance.uncertainty as { skipped?: string } | undefined)?.skipped;
  if (skipped) console.log(`No confidence intervals: ${skipped}.`);
  console.log(`Wrote ${written.length} files to ${plan.out}/ (open report.html)`);
});

/** The plan's features: the files given, or the images embedded first (device checked). */
async function _features(
  plan: EvaluationPlan,
  progress: ReturnType<typeof progressPrinter>,
): Promise<{ features: string; style?: string; models: { role: string; path: string }[] }> {
  const source = plan.source;
  if (source.kind === "files") {
    return { features: source.features, style: source.style, models: [] };
  }
  await requireDevice(source.settings.device);
  const extracted = await ensureFeatures({
    benchmark: plan.benchmark,
    data: plan.data,
    extraction: {
      store: source.store,
      backbone: source.settings.backbone,
      preprocess: source.settings.preprocess,
      device: source.settings.device,
      threads: source.settings.threads,
      workers: source.workers,
      onError: source.onError,
      prealigned: source.prealigned,
    },
  }, {
    onProgress: progress,
    onLockWait: (holder) =>
      console.error(`waiting for the feature store: locked by pid ${holder.pid} on ${holder.host}`),
  });
  for (const line of extractionLines(extracted.extraction)) console.error(line);
  if (!plan.quiet) {
    console.error(
      `features: ${extracted.features} (${
        extracted.imagesPerSecond.toFixed(1)
      } images/s, ${extracted.failures} unreadable)`,
    );
  }
  return {
    features: extracted.features,
    style: extracted.style,
    models: [{ role: "backbone", path: source.settings.backbone }],
  };
}

/** A note on probes without a mate (rank-k leaves them out), per protocol when several. */
function _matelessNote(rows: readonly FusionResult[]): string | undefined {
  const counts = new Map<string | undefined, number>();
  for (const r of rows) counts.set(r.protocol, r.identification?.probes_without_mate ?? 0);
  const some = [...counts].filter(([, n]) => n > 0);
  if (some.length === 0) return undefined;
  const what = some.length === 1 && some[0]![0] === undefined
    ? `${some[0]![1]} probes have`
    : `probes without a mate (${
      some.map(([p, n]) => `${PROTOCOL_TITLES[p!] ?? p} ${n}`).join(", ")
    }) have`;
  return `note: ${what} no mate in the galleries; rank-k leaves them out (docs/identification.md)`;
}

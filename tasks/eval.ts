/**
 * deno task eval [dataset] [options] — evaluate template fusion on an IJB benchmark.
 */
import { parseFlags } from "./_flags.ts";
import { BENCHMARKS, getBenchmark } from "../benchmarks/mod.ts";
import { isIjbsBenchmark } from "../src/pipeline/mod.ts";
import { evalIjbs } from "./_eval_ijbs.ts";
import {
  DEFAULT_CHUNK,
  FUSION_NAMES,
  type FusionSpec,
  OPEN_SET_RULES,
  parseChunks,
  parseFusionNames,
  runEvaluation,
  TASKS,
} from "../mod.ts";
import { ensureFeatures } from "../src/pipeline/ensure_features.ts";
import { resultTable, splitTable } from "../src/report/mod.ts";
import { ON_ERROR_MODES } from "../src/extract/mod.ts";
import { progressPrinter } from "./_progress.ts";
import { extractionLines } from "./_extract_report.ts";
import {
  asUsage,
  benchmarkAndData,
  dataWarnings,
  parseList,
  requirePath,
  runMain,
  shippedPath,
  stamp,
  uniqueSuffix,
  UsageError,
} from "./_cli.ts";
import { ciFlags } from "./_ci_flags.ts";
import { requireDevice } from "../src/onnx/mod.ts";
import {
  BACKBONE_FLAGS,
  BACKBONE_HELP,
  backboneFlags,
  onErrorFlag,
  wholeFlag,
} from "./_extract_flags.ts";

const HELP = `Evaluate template fusion on an IJB benchmark and write a report.

Usage: deno task eval [dataset] [options]

  dataset                 ${Object.keys(BENCHMARKS).join(", ")}
                          (ijbs, ijbs-demo: the IJB-S layout, docs/ijbs.md; fusion average
                          by default; images are prealigned and resized, not warped)
                          (default: demo, 55 embedded real faces)

Input:
  --data DIR              root of the insightface IJB layout (DIR/meta/..., DIR/loose_crop/)
  --features FILE.npy     per-image raw embeddings [images, D], float32 or float16, meta row
                          order; without it the images are embedded with --backbone first
  --style FILE.npy        per-image style vectors [images, 64] (for CAFace)

Extraction (when --features is not given):
  --store DIR             feature store, resumed or reused when its settings match
                          (default: reports/stores/<dataset>-<backbone file name>)
${BACKBONE_HELP}
  --on-error M            ${
  ON_ERROR_MODES.join(", ")
} (default: skip): an unreadable image becomes a NaN row
  --workers N             decode + align workers (default: cores − 1)

Evaluation:
  --fusion LIST           comma list of ${FUSION_NAMES.join(", ")} (default: insightface,average;
                          average for IJB-S)
  --faceness              insightface fusion: weight each image by its detector score first
  --normalise-images      insightface fusion: L2-normalise each image first (drops the norm)
  --caface MODELDIR       CAFace model directory (cluster.onnx, aggregate.onnx), for --fusion caface
  --chunk LIST            CAFace chunk sizes, split by np.array_split (9999 too);
                          "whole" never splits (default: 9999)
  --tasks LIST            comma list of ${TASKS.join(", ")} (default: both)
  --open-set-rule LIST    TPIR@FPIR rule(s), comma list of ${OPEN_SET_RULES.join(", ")}; the
                          first is the table's; default: the benchmark's (insightface-1n for
                          IJB-B/C, see docs/identification.md)
  --out DIR               output directory, replaced as a whole when the report is complete
                          (default: reports/<dataset>-<timestamp>-<random>/)
  --wait SECONDS          wait this long for another eval writing the same --out (default 0:
                          stop at once with the other process named)
  --dump-templates        also write templates_<fusion>.npy and template_ids.txt
  --ci / --no-ci          95% subjects-bootstrap interval for every metric (default: on
                          for protocols of at most 1,000,000 pairs, off above)
  --bootstrap N           bootstrap resamples (default: 1000)
  --seed N                seed of the subject draws (default: 1)
  --ci-format F           tables show intervals as pm (value ± half-width) or interval
                          (value [lo, hi]) (default: pm)
  --save-scores           write scores/: per-pair scores and labels and per-probe gallery
                          scores (.npy), for check's paired gate and other tools
  --no-png                skip PNG renderings of the charts
  --quiet                 no progress output
  -h, --help              show this help

Writes metrics.json, table.md, table.csv, roc/cmc/scores charts (.vl.json, .svg, .png) and
report.html. Exit status: 0 on success, 1 on an error, 2 on a usage error.`;

await runMain(async () => {
  const { values, positionals } = parseFlags(Deno.args, {
    ...BACKBONE_FLAGS,
    store: { type: "string" },
    "on-error": { type: "string", default: "skip" },
    workers: { type: "string" },
    data: { type: "string" },
    features: { type: "string" },
    style: { type: "string" },
    fusion: { type: "string" },
    caface: { type: "string" },
    chunk: { type: "string", default: String(DEFAULT_CHUNK) },
    tasks: { type: "string", default: TASKS.join(",") },
    out: { type: "string" },
    "open-set-rule": { type: "string" },
    wait: { type: "string", default: "0" },
    "dump-templates": { type: "boolean", default: false },
    ci: { type: "boolean" },
    "no-ci": { type: "boolean", default: false },
    bootstrap: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    "ci-format": { type: "string", default: "pm" },
    "save-scores": { type: "boolean", default: false },
    faceness: { type: "boolean", default: false },
    "normalise-images": { type: "boolean", default: false },
    "no-png": { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  // Every option and input path is checked here, before any work starts.
  requirePath("features", values.features);
  requirePath("style", values.style);
  requirePath("backbone", values.backbone);
  const tasks = parseList(values.tasks, TASKS, "task");
  // IJB-S has its own layout and its own default fusion (average).
  const named = positionals.length === 1 ? asUsage(() => getBenchmark(positionals[0]!)) : undefined;
  const ijbs = named !== undefined && isIjbsBenchmark(named) ? named : undefined;
  const fusionText = values.fusion ?? (ijbs ? "average" : "insightface,average");
  const names = asUsage(() => parseFusionNames(fusionText));
  const fusions: FusionSpec[] = names.map((name): FusionSpec => {
    if (name === "insightface") {
      return { kind: name, faceness: values.faceness, normaliseImages: values["normalise-images"] };
    }
    if (name !== "caface") return { kind: name };
    if (values.caface === undefined) {
      throw new UsageError("Cannot run --fusion caface without --caface MODELDIR");
    }
    requirePath("caface", values.caface, {
      kind: "directory",
      contains: ["cluster.onnx", "aggregate.onnx"],
    });
    return {
      kind: "caface",
      modelDir: values.caface,
      chunks: asUsage(() => parseChunks(values.chunk)),
    };
  });
  const flags = backboneFlags(values);
  const onError = onErrorFlag(values["on-error"]);
  const workers = wholeFlag(values.workers, "workers");
  const openSetRules = values["open-set-rule"] === undefined
    ? undefined
    : parseList(values["open-set-rule"], OPEN_SET_RULES, "open-set rule");
  if (openSetRules !== undefined && new Set(openSetRules).size !== openSetRules.length) {
    throw new UsageError(
      `Cannot use --open-set-rule ${values["open-set-rule"]}: a rule is repeated`,
    );
  }
  const waitSeconds = Number(values.wait);
  if (!(waitSeconds >= 0)) {
    throw new UsageError(`Cannot use --wait ${values.wait}: expected seconds ≥ 0`);
  }
  const ci = ciFlags(values);
  if (ijbs) return await evalIjbs(ijbs, { ...values, fusion: fusionText }, fusions);
  const { benchmark, data } = benchmarkAndData(positionals, {
    data: values.data,
    verb: "evaluate",
  });
  requirePath("data", data, { kind: "directory" });
  const progress = progressPrinter({ quiet: values.quiet });
  let features = values.features ??
    (values.backbone || benchmark.defaultFeatures === undefined
      ? undefined
      : shippedPath(benchmark.defaultFeatures));
  let style = values.style;
  if (names.includes("caface") && features !== undefined && style === undefined) {
    throw new UsageError(
      `Cannot run --fusion caface on ${features} without --style FILE.npy (or embed the images with --backbone)`,
    );
  }
  const models: { role: string; path: string }[] = [];
  if (features === undefined) {
    models.push({ role: "backbone", path: flags.backbone });
    await requireDevice(flags.device);
    const model = flags.backbone.slice(flags.backbone.lastIndexOf("/") + 1).replace(/\.onnx$/, "");
    const extracted = await ensureFeatures({
      benchmark,
      data,
      extraction: {
        store: values.store ?? `reports/stores/${benchmark.name}-${model}`,
        backbone: flags.backbone,
        // CAFace needs per-image style vectors: read the converted backbone's `style` output.
        preprocess: fusionText.includes("caface") && values["style-output"] === undefined
          ? { ...flags.preprocess, styleOutput: "style" }
          : flags.preprocess,
        device: flags.device,
        threads: flags.threads,
        workers,
        onError,
      },
    }, {
      onProgress: progress,
      onLockWait: (holder) =>
        console.error(
          `waiting for the feature store: locked by pid ${holder.pid} on ${holder.host}`,
        ),
    });
    for (const line of extractionLines(extracted.extraction)) console.error(line);
    features = extracted.features;
    style ??= extracted.style;
    if (!values.quiet) {
      console.error(
        `features: ${features} (${
          extracted.imagesPerSecond.toFixed(1)
        } images/s, ${extracted.failures} unreadable)`,
      );
    }
  }
  const out = values.out ?? `reports/${benchmark.name}-${stamp()}-${uniqueSuffix()}`;
  const { metrics, written } = await runEvaluation({
    benchmark,
    data,
    features,
    style,
    fusions,
    tasks,
    openSetRules,
    ci: ci.settings,
    saveScores: values["save-scores"],
  }, {
    ciFormat: ci.format,
    out,
    waitMs: waitSeconds * 1000,
    dumpTemplates: values["dump-templates"],
    skipPng: values["no-png"],
    settings: { dataset: benchmark.name, ...values },
    models,
    onProgress: progress,
  });
  // Printed from this run's metrics, not read back: another eval may replace --out next.
  console.log(resultTable(metrics.results, { ci: ci.format }));
  if (written.includes("result_by_split.md")) console.log(splitTable(metrics.results));
  for (const line of dataWarnings(metrics.provenance)) console.log(line);
  const withoutMate = metrics.results[0]?.identification?.probes_without_mate ?? 0;
  if (withoutMate > 0) {
    console.log(
      `note: ${withoutMate} probes have no mate in the galleries; rank-k and insightface-1n ` +
        `leave them out (docs/identification.md)`,
    );
  }
  const skipped = (metrics.provenance.uncertainty as { skipped?: string } | undefined)?.skipped;
  if (skipped) console.log(`No confidence intervals: ${skipped}.`);
  console.log(`Wrote ${written.length} files to ${out}/ (open report.html)`);
});

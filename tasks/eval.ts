/**
 * deno task eval [dataset] [options] — evaluate template fusion on an IJB benchmark.
 */
import { parseArgs } from "node:util";
import { BENCHMARKS } from "../benchmarks/mod.ts";
import {
  FUSION_NAMES,
  type FusionSpec,
  parseChunks,
  parseFusionNames,
  runEvaluation,
  TASKS,
} from "../mod.ts";
import { ensureFeatures } from "../src/pipeline/ensure_features.ts";
import { ON_ERROR_MODES } from "../src/extract/mod.ts";
import { progressPrinter } from "./_progress.ts";
import { requireDevice } from "../src/onnx/mod.ts";
import { benchmarkAndData, parseList, runMain, shippedPath, stamp, UsageError } from "./_cli.ts";
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
  --fusion LIST           comma list of ${FUSION_NAMES.join(", ")} (default: insightface,average)
  --faceness              insightface fusion: weight each image by its detector score first
  --normalise-images      insightface fusion: L2-normalise each image first (drops the norm)
  --caface MODELDIR       CAFace model directory (cluster.onnx, aggregate.onnx), for --fusion caface
  --chunk LIST            CAFace chunk sizes, 9999 = whole template (default: 9999)
  --tasks LIST            comma list of ${TASKS.join(", ")} (default: both)
  --out DIR               output directory (default: reports/<dataset>-<timestamp>/)
  --dump-templates        also write templates_<fusion>.npy and template_ids.txt
  --no-png                skip PNG renderings of the charts
  --quiet                 no progress output
  -h, --help              show this help

Writes metrics.json, table.md, table.csv, roc/cmc/scores charts (.vl.json, .svg, .png) and
report.html. Exit status: 0 on success, 1 on an error, 2 on a usage error.`;

await runMain(async () => {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      ...BACKBONE_FLAGS,
      store: { type: "string" },
      "on-error": { type: "string", default: "skip" },
      workers: { type: "string" },
      data: { type: "string" },
      features: { type: "string" },
      style: { type: "string" },
      fusion: { type: "string", default: "insightface,average" },
      caface: { type: "string" },
      chunk: { type: "string", default: "9999" },
      tasks: { type: "string", default: TASKS.join(",") },
      out: { type: "string" },
      "dump-templates": { type: "boolean", default: false },
      faceness: { type: "boolean", default: false },
      "normalise-images": { type: "boolean", default: false },
      "no-png": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { benchmark, data } = benchmarkAndData(positionals, {
    data: values.data,
    verb: "evaluate",
  });
  const fusions: FusionSpec[] = parseFusionNames(values.fusion).map((name): FusionSpec => {
    if (name === "insightface") {
      return { kind: name, faceness: values.faceness, normaliseImages: values["normalise-images"] };
    }
    if (name !== "caface") return { kind: name };
    if (values.caface === undefined) {
      throw new UsageError("Cannot run --fusion caface without --caface MODELDIR");
    }
    return { kind: "caface", modelDir: values.caface, chunks: parseChunks(values.chunk) };
  });
  const progress = progressPrinter({ quiet: values.quiet });
  let features = values.features ??
    (values.backbone || benchmark.defaultFeatures === undefined
      ? undefined
      : shippedPath(benchmark.defaultFeatures));
  let style = values.style;
  if (features === undefined) {
    const flags = backboneFlags(values);
    await requireDevice(flags.device);
    const onError = onErrorFlag(values["on-error"]);
    const model = flags.backbone.slice(flags.backbone.lastIndexOf("/") + 1).replace(/\.onnx$/, "");
    const extracted = await ensureFeatures({
      benchmark,
      data,
      extraction: {
        store: values.store ?? `reports/stores/${benchmark.name}-${model}`,
        backbone: flags.backbone,
        // CAFace needs per-image style vectors: read the converted backbone's `style` output.
        preprocess: values.fusion.includes("caface") && values["style-output"] === undefined
          ? { ...flags.preprocess, styleOutput: "style" }
          : flags.preprocess,
        device: flags.device,
        threads: flags.threads,
        workers: wholeFlag(values.workers, "workers"),
        onError,
      },
    }, { onProgress: progress });
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
  const out = values.out ?? `reports/${benchmark.name}-${stamp()}`;
  const { metrics, written } = await runEvaluation({
    benchmark,
    data,
    features,
    style,
    fusions,
    tasks: parseList(values.tasks, TASKS, "task"),
  }, {
    out,
    dumpTemplates: values["dump-templates"],
    skipPng: values["no-png"],
    settings: { dataset: benchmark.name, ...values },
    onProgress: progress,
  });
  console.log(await Deno.readTextFile(`${out}/table.md`));
  if (written.includes("result_by_split.md")) {
    console.log(await Deno.readTextFile(`${out}/result_by_split.md`));
  }
  const dropped = metrics.provenance.dropped_nan_rows as Record<string, number>;
  const nan = Math.max(0, ...Object.values(dropped));
  if (nan > 0) console.log(`Dropped ${nan} image rows containing NaN before fusion.`);
  console.log(`Wrote ${written.length} files to ${out}/ (open report.html)`);
});

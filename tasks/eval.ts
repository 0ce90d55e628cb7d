/**
 * deno task eval [dataset] [options] — evaluate template fusion on an IJB benchmark.
 */
import { parseArgs } from "node:util";
import { BENCHMARKS, getBenchmark } from "../benchmarks/mod.ts";
import {
  FUSION_NAMES,
  type FusionSpec,
  parseChunks,
  parseFusionNames,
  runEvaluation,
  TASKS,
} from "../mod.ts";
import { progressPrinter } from "./_progress.ts";
import { parseList, runMain, stamp, UsageError } from "./_cli.ts";

const HELP = `Evaluate template fusion on an IJB benchmark and write a report.

Usage: deno task eval [dataset] [options]

  dataset                 ${
  Object.keys(BENCHMARKS).join(", ")
} (default: demo, the embedded fixture)

Options:
  --data DIR              root of the insightface IJB layout (DIR/meta/..., DIR/loose_crop/)
  --features FILE.npy     per-image raw embeddings [images, D], float32 or float16, meta row order
  --style FILE.npy        per-image style vectors [images, 64] (for CAFace)
  --fusion LIST           comma list of ${FUSION_NAMES.join(", ")} (default: insightface,average)
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
      data: { type: "string" },
      features: { type: "string" },
      style: { type: "string" },
      fusion: { type: "string", default: "insightface,average" },
      caface: { type: "string" },
      chunk: { type: "string", default: "9999" },
      tasks: { type: "string", default: TASKS.join(",") },
      out: { type: "string" },
      "dump-templates": { type: "boolean", default: false },
      "no-png": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length > 1) {
    throw new UsageError(`Cannot use more than one dataset: got ${positionals.join(" ")}`);
  }
  const benchmark = getBenchmark(positionals[0] ?? "demo");
  const data = values.data ?? benchmark.defaultData;
  const features = values.features ?? benchmark.defaultFeatures;
  if (data === undefined) {
    throw new UsageError(`Cannot evaluate ${benchmark.name} without --data DIR`);
  }
  if (features === undefined) {
    throw new UsageError(`Cannot evaluate ${benchmark.name} without --features FILE.npy`);
  }
  const fusions: FusionSpec[] = parseFusionNames(values.fusion).map((name): FusionSpec => {
    if (name !== "caface") return { kind: name };
    if (values.caface === undefined) {
      throw new UsageError("Cannot run --fusion caface without --caface MODELDIR");
    }
    return { kind: "caface", modelDir: values.caface, chunks: parseChunks(values.chunk) };
  });
  const out = values.out ?? `reports/${benchmark.name}-${stamp()}`;
  const { metrics, written } = await runEvaluation({
    benchmark,
    data,
    features,
    style: values.style,
    fusions,
    tasks: parseList(values.tasks, TASKS, "task"),
  }, {
    out,
    dumpTemplates: values["dump-templates"],
    skipPng: values["no-png"],
    settings: { dataset: benchmark.name, ...values },
    onProgress: progressPrinter({ quiet: values.quiet }),
  });
  console.log(await Deno.readTextFile(`${out}/table.md`));
  const dropped = metrics.provenance.dropped_nan_rows as Record<string, number>;
  const nan = Math.max(0, ...Object.values(dropped));
  if (nan > 0) console.log(`Dropped ${nan} image rows containing NaN before fusion.`);
  console.log(`Wrote ${written.length} files to ${out}/ (open report.html)`);
});

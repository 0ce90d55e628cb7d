/**
 * deno task extract [dataset] --data DIR --out STORE [options] — images to features.
 */
import { parseFlags } from "./_flags.ts";
import { BENCHMARKS } from "../benchmarks/mod.ts";
import { extractionInput } from "../src/protocol/mod.ts";
import {
  DEFAULT_SHARD_ROWS,
  extractFeatures,
  ON_ERROR_MODES,
  parsePart,
  type Part,
} from "../src/extract/mod.ts";
import { progressPrinter } from "./_progress.ts";
import { extractionLines } from "./_extract_report.ts";
import { requireDevice } from "../src/onnx/mod.ts";
import { benchmarkAndData, requirePath, runMain, UsageError } from "./_cli.ts";
import {
  BACKBONE_FLAGS,
  BACKBONE_HELP,
  backboneFlags,
  onErrorFlag,
  wholeFlag,
} from "./_extract_flags.ts";

const HELP = `Extract per-image raw embeddings into a resumable feature store.

Usage: deno task extract [dataset] --data DIR --out STORE [options]

  dataset                 ${Object.keys(BENCHMARKS).join(", ")} (default: demo)

Options:
  --data DIR              root of the insightface IJB layout: DIR/meta/<dataset>_face_tid_mid.txt,
                          DIR/meta/<dataset>_name_5pts_score.txt, DIR/loose_crop/
                          (default: the dataset's embedded data, if any)
  --images DIR            folder the image names are relative to (default: DIR/loose_crop)
  --out STORE             feature store directory (required); rerun to resume
${BACKBONE_HELP}
  --shard i/N             extract only rows r with r % N == i (default: 0/1, all rows);
                          join the N stores with deno task merge
  --shard-rows N          rows per shard file (default: ${DEFAULT_SHARD_ROWS})
  --on-error M            ${
  ON_ERROR_MODES.join(", ")
} (default: skip): skip makes a NaN row and records
                          the image and reason; fail stops with an error naming the image
  --workers N             decode + align workers (default: cores − 1, at least 1)
  --prealigned            IJB-B/C: the images are already aligned crops: resize them to the
                          backbone input instead of warping by the landmarks (IJB-S always);
                          the store records which
  --quiet                 no progress output
  -h, --help              show this help

When the store holds all rows (no --shard, or N = 1) it also writes STORE/features.npy
(float32 [images, D], meta row order, NaN rows for skipped images) and STORE/style.npy when
the model has a style output. Rerunning re-extracts only what is needed: shards not yet
written, rows whose image file changed, rows that failed, and shards that fail their
checksums. A second run on the same store waits for the first (STORE/.lock).
Exit status: 0 on success, 1 on an error, 2 on a usage error.`;

await runMain(async () => {
  const { values, positionals } = parseFlags(Deno.args, {
    ...BACKBONE_FLAGS,
    data: { type: "string" },
    images: { type: "string" },
    out: { type: "string" },
    shard: { type: "string" },
    "shard-rows": { type: "string" },
    "on-error": { type: "string", default: "skip" },
    workers: { type: "string" },
    prealigned: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { benchmark, data } = benchmarkAndData(positionals, { data: values.data, verb: "extract" });
  if (values.out === undefined) throw new UsageError("Cannot extract without --out STORE");
  requirePath("data", data, { kind: "directory" });
  requirePath("backbone", values.backbone);
  const onError = onErrorFlag(values["on-error"]);
  if (values.prealigned && benchmark.layout.kind !== "ijb") {
    throw new UsageError(
      `Cannot use --prealigned on ${benchmark.name}: its images are aligned crops, always resized, never warped`,
    );
  }
  let part: Part = { index: 0, count: 1 };
  if (values.shard !== undefined) {
    try {
      part = parsePart(values.shard);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const flags = backboneFlags(values);
  await requireDevice(flags.device);
  const { table, imageDir, prealigned } = await extractionInput(benchmark.layout, data);
  const progress = progressPrinter({ quiet: values.quiet });
  const whole = part.count === 1;
  const paths = {
    features: `${values.out}/features.npy`,
    style: `${values.out}/style.npy`,
  };
  const result = await extractFeatures({
    table,
    imageDir: values.images ?? imageDir,
    prealigned: prealigned || values.prealigned,
    backbone: flags.backbone,
    store: values.out,
    preprocess: flags.preprocess,
    part,
    onError,
    device: flags.device,
    threads: flags.threads,
    workers: wholeFlag(values.workers, "workers"),
    shardRows: wholeFlag(values["shard-rows"], "shard-rows"),
    export: whole ? paths : undefined,
  }, {
    onProgress: (done, total) => progress("extract", done, total),
    onLockWait: (holder) =>
      console.error(
        `waiting for ${values.out}: locked by pid ${holder.pid} on ${holder.host} since ${holder.started}`,
      ),
  });
  const { manifest } = result.store;
  console.log(
    `extracted ${result.computedRows} of ${result.rows} rows (part ${part.index}/${part.count}) in ${
      result.seconds.toFixed(1)
    }s: ${result.imagesPerSecond.toFixed(1)} images/s; D = ${manifest.dim}${
      manifest.styleDim === null ? "" : `, style ${manifest.styleDim}`
    }`,
  );
  for (const line of extractionLines(result)) console.log(line);
  if (!whole) {
    console.log(
      `part ${part.index}/${part.count} is complete in ${values.out}; join the parts with deno task merge`,
    );
    return 0;
  }
  const nan = result.exported?.length ?? 0;
  console.log(
    `wrote ${paths.features}${
      manifest.styleDim === null ? "" : ` and ${paths.style}`
    } (${manifest.images.count} rows, ${nan} NaN)`,
  );
  return 0;
});

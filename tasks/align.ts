/**
 * deno task align --data DIR --dataset NAME --out OUT — write aligned 112×112 crops as PNG.
 */
import { parseFlags } from "./_flags.ts";
import { BENCHMARKS, getBenchmark } from "../benchmarks/mod.ts";
import { atomicWriteFile } from "../src/features/mod.ts";
import { loadImageTable } from "../src/protocol/mod.ts";
import { alignImages, ON_ERROR_MODES } from "../src/extract/mod.ts";
import { progressPrinter } from "./_progress.ts";
import { asUsage, requirePath, runMain, shippedPath, UsageError } from "./_cli.ts";
import { onErrorFlag, wholeFlag } from "./_extract_flags.ts";

const HELP = `Align every image of a dataset to the ArcFace crop and write it as PNG.

Usage: deno task align --data DIR --out OUT [options]

  --data DIR              root of the insightface IJB layout (DIR/meta/..., DIR/loose_crop/)
                          (default: the dataset's embedded data, if any)
  --dataset NAME          ${Object.keys(BENCHMARKS).join(", ")} (default: demo)
  --images DIR            folder the image names are relative to (default: DIR/loose_crop)
  --out OUT               output folder (required): OUT/<name without extension>.png, keeping
                          sub-folders; OUT/failures.json lists skipped images
  --size N                crop size in pixels (default: 112)
  --on-error M            ${ON_ERROR_MODES.join(", ")} (default: skip)
  --workers N             decode + align workers (default: cores − 1, at least 1)
  --quiet                 no progress output
  -h, --help              show this help

Exit status: 0 on success, 1 on an error, 2 on a usage error.`;

await runMain(async () => {
  const { values, positionals } = parseFlags(Deno.args, {
    data: { type: "string" },
    dataset: { type: "string", default: "demo" },
    images: { type: "string" },
    out: { type: "string" },
    size: { type: "string" },
    "on-error": { type: "string", default: "skip" },
    workers: { type: "string" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`Cannot use arguments ${positionals.join(" ")}`);
  const benchmark = asUsage(() => getBenchmark(values.dataset));
  if (benchmark.layout.kind !== "ijb") {
    throw new UsageError(
      `Cannot align ${benchmark.name}: its images are aligned crops already (docs/ijbs.md)`,
    );
  }
  const { files } = benchmark.layout;
  const data = values.data ??
    (benchmark.defaultData === undefined ? undefined : shippedPath(benchmark.defaultData));
  if (data === undefined) throw new UsageError(`Cannot align ${benchmark.name} without --data DIR`);
  if (values.out === undefined) throw new UsageError("Cannot align without --out OUT");
  requirePath("data", data, { kind: "directory" });
  const onError = onErrorFlag(values["on-error"]);
  const table = await loadImageTable(
    `${data}/meta/${files.faceTidMid}`,
    `${data}/meta/${files.fivePts}`,
  );
  const progress = progressPrinter({ quiet: values.quiet });
  const { written, failures } = await alignImages({
    table,
    imageDir: values.images ?? `${data}/loose_crop`,
    out: values.out,
    size: wholeFlag(values.size, "size"),
    onError,
    workers: wholeFlag(values.workers, "workers"),
    namesFile: `${data}/meta/${files.faceTidMid}`,
  }, { onProgress: (done, total) => progress("align", done, total) });
  await Deno.mkdir(values.out, { recursive: true });
  await atomicWriteFile(`${values.out}/failures.json`, JSON.stringify(failures, null, 1) + "\n");
  console.log(`wrote ${written} crops to ${values.out} (${failures.length} skipped)`);
  return 0;
});

/**
 * deno task paper — the CAFace paper's comparison in one command: IJB-B (and IJB-C)
 * verification and IJB-S identification, average and CAFace, one combined report.
 */
import { parseFlags } from "./_flags.ts";
import { BENCHMARKS } from "../benchmarks/mod.ts";
import { type FusionSpec, parseChunks } from "../mod.ts";
import { type PaperPart, runPaper } from "../src/pipeline/mod.ts";
import { parsePublished } from "../src/report/mod.ts";
import { progressPrinter } from "./_progress.ts";
import { runMain, stamp, uniqueSuffix } from "./_cli.ts";
import { BACKBONE_FLAGS, backboneFlags } from "./_extract_flags.ts";

const HELP = `Reproduce the CAFace paper's tables: IJB-B (and IJB-C) verification and IJB-S
identification, average and CAFace fusion, in one combined report.

Usage: deno task paper [--ijbb DIR] [--ijbc DIR] [--ijbs DIR] [options]

With no dataset, runs the embedded fixtures (the 55-face IJB-B-layout demo and the
synthetic IJB-S fixture) in seconds.

  --ijbb DIR / --ijbc DIR   insightface IJB layout (DIR/meta, DIR/loose_crop)
  --ijbs DIR                IJB-S layout (DIR/protocols, DIR/image_list.txt, DIR/images)
  --backbone M.onnx         backbone for the extraction (stores resumed or reused)
  --caface MODELDIR         CAFace model directory; without it CAFace is skipped
  --chunk LIST              CAFace chunk sizes (default: 9999,8); "whole" never splits
  --published FILE          published numbers (default: benchmarks/published.json)
  --published-backbone B    which backbone's published rows to compare with
                            (default: "IR-100 WebFace4M")
  --out DIR                 combined report (default: reports/paper-<time>/)
  --cache DIR               finished parts by input hash, with the code digest that made
                            them (default: reports/paper-cache)
  --no-png                  skip PNG renderings
  --quiet                   no progress bars
  -h, --help                show this help

A dataset whose directory is missing is skipped with one line. A rerun reuses each part
whose inputs (protocol files, features, models, settings) hash the same and whose code (the
source files the evaluation imports, and deno.lock) is unchanged; otherwise it says which
file changed ("code changed: src/metrics/cmc.ts") and evaluates the part again.`;

await runMain(async () => {
  const { values } = parseFlags(Deno.args, {
    ...BACKBONE_FLAGS,
    ijbb: { type: "string" },
    ijbc: { type: "string" },
    ijbs: { type: "string" },
    caface: { type: "string" },
    chunk: { type: "string", default: "9999,8" },
    published: { type: "string", default: "benchmarks/published.json" },
    "published-backbone": { type: "string", default: "IR-100 WebFace4M" },
    out: { type: "string" },
    cache: { type: "string" },
    "no-png": { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: false });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const fixtures = !values.ijbb && !values.ijbc && !values.ijbs;
  const fusions: FusionSpec[] = [{ kind: "average" }];
  if (values.caface) {
    fusions.push({ kind: "caface", modelDir: values.caface, chunks: parseChunks(values.chunk) });
  } else console.log("CAFace: skipped (no --caface MODELDIR); average fusion only");
  const flags = backboneFlags(values);
  const model = flags.backbone.slice(flags.backbone.lastIndexOf("/") + 1).replace(/\.onnx$/, "");
  const extraction = (name: string) => ({
    store: `reports/stores/${name}-${model}`,
    backbone: flags.backbone,
    preprocess: values.caface ? { ...flags.preprocess, styleOutput: "style" } : flags.preprocess,
    device: flags.device,
    threads: flags.threads,
  });
  const parts: PaperPart[] = [];
  const want = async (table: "ijbb" | "ijbc" | "ijbs", dir: string | undefined, probe: string) => {
    const title = BENCHMARKS[table].title;
    if (dir === undefined) return console.log(`${title}: skipped (no --${table} DIR)`);
    try {
      await Deno.stat(`${dir}/${probe}`);
    } catch {
      return console.log(`${title}: skipped (${dir}/${probe} not found)`);
    }
    parts.push({ benchmark: BENCHMARKS[table], table, data: dir, extraction: extraction(table) });
  };
  if (fixtures) {
    console.log(
      "No dataset given: running the embedded fixtures (IJB-B layout demo, IJB-S fixture)",
    );
    parts.push({
      benchmark: BENCHMARKS.demo,
      table: "ijbb",
      data: BENCHMARKS.demo.defaultData!,
      extraction: extraction("demo"),
    });
    parts.push({
      benchmark: BENCHMARKS["ijbs-demo"],
      table: "ijbs",
      data: BENCHMARKS["ijbs-demo"].defaultData!,
      features: BENCHMARKS["ijbs-demo"].defaultFeatures!,
    });
  } else {
    await want("ijbb", values.ijbb, "meta");
    await want("ijbc", values.ijbc, "meta");
    await want("ijbs", values.ijbs, "protocols/cs6_metadata.csv");
  }
  if (parts.length === 0) {
    console.log("Nothing to run: every dataset was skipped");
    return 1;
  }
  const numbers = parsePublished(await Deno.readTextFile(values.published), values.published);
  const out = values.out ?? `reports/paper-${stamp()}-${uniqueSuffix()}`;
  const { table } = await runPaper(parts, {
    out,
    fusions,
    cache: values.cache,
    published: { numbers, backbone: values["published-backbone"], file: values.published },
    skipPng: values["no-png"],
    onProgress: progressPrinter({ quiet: values.quiet }),
    onLine: (line) => console.log(line),
  });
  console.log(`\n${table}`);
  console.log(
    `Published values for backbone "${values["published-backbone"]}" from ${values.published}; ` +
      `— where none is recorded.`,
  );
  if (fixtures) {
    console.log(
      "The embedded fixtures are small stand-ins, not IJB data: their differences to the " +
        "published values show the layout of the comparison, not a result.",
    );
  }
  console.log(`Wrote ${out}/ (open report.html)`);
  return 0;
});

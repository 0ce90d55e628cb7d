/**
 * deno task merge STORE... --out STORE — join the parts of a sharded extraction.
 */
import { parseFlags } from "./_flags.ts";
import { exportNpy, mergeStores } from "../src/extract/mod.ts";
import { progressPrinter } from "./_progress.ts";
import { runMain, UsageError } from "./_cli.ts";

const HELP = `Join the parts of a sharded extraction (deno task extract --shard i/N) into one store.

Usage: deno task merge PART_STORE... --out STORE [options]

  PART_STORE...           the N part stores, in any order (all parts 0/N … N-1/N, each complete)
  --out STORE             the joined store (required); it also gets STORE/features.npy and,
                          when the model has a style output, STORE/style.npy
  --quiet                 no progress output (default: progress on stderr)
  -h, --help              show this help

Refuses (naming them) missing or repeated parts, incomplete parts, parts whose settings
differ, parts extracted from other image files, and shards that fail their checksums.
Rerunning resumes. Exit status: 0 on success, 1 on an error, 2 on a usage error.`;

await runMain(async () => {
  const { values, positionals } = parseFlags(Deno.args, {
    out: { type: "string" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("Cannot merge without part stores");
  if (values.out === undefined) throw new UsageError("Cannot merge without --out STORE");
  const progress = progressPrinter({ quiet: values.quiet });
  const store = await mergeStores(positionals, values.out, {
    onProgress: (done, total) => progress("merge", done, total),
  });
  const style = store.manifest.styleDim === null ? undefined : `${values.out}/style.npy`;
  const failures = await exportNpy(store, { features: `${values.out}/features.npy`, style });
  console.log(
    `merged ${positionals.length} parts into ${values.out}: ${store.manifest.images.count} rows (${failures.length} NaN); wrote ${values.out}/features.npy${
      style ? ` and ${style}` : ""
    }`,
  );
  return 0;
});

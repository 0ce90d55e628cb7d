/** The IJB-S branch of `deno task eval ijbs|ijbs-demo`: flags in, report out. */
import type { FusionSpec } from "../src/fusion/registry.ts";
import { ensureIjbsFeatures, type IjbsBenchmark, runIjbs } from "../src/pipeline/mod.ts";
import type { MetricsFile } from "../src/metrics/result.ts";
import { progressPrinter } from "./_progress.ts";
import { ijbsTable } from "../src/report/mod.ts";
import { stamp, uniqueSuffix, UsageError } from "./_cli.ts";
import { backboneFlags, onErrorFlag, wholeFlag } from "./_extract_flags.ts";

/** Runs IJB-S with the parsed `eval` flags; returns the exit code. */
export async function evalIjbs(
  benchmark: IjbsBenchmark,
  // deno-lint-ignore no-explicit-any
  values: Record<string, any>,
  fusions: FusionSpec[],
): Promise<number> {
  const data: string | undefined = values.data ?? benchmark.defaultData;
  if (data === undefined) {
    throw new UsageError(`Cannot evaluate ${benchmark.name} without --data DIR`);
  }
  if (fusions.some((f) => f.kind === "insightface")) {
    throw new UsageError(
      `Cannot use --fusion insightface on ${benchmark.name}: IJB-S has no media ids; use average or caface`,
    );
  }
  const progress = progressPrinter({ quiet: values.quiet });
  let features: string | undefined = values.features ??
    (values.backbone ? undefined : benchmark.defaultFeatures);
  let style: string | undefined = values.style;
  if (features === undefined) {
    const flags = backboneFlags(values);
    const model = flags.backbone.slice(flags.backbone.lastIndexOf("/") + 1).replace(/\.onnx$/, "");
    const extracted = await ensureIjbsFeatures({
      data,
      extraction: {
        store: values.store ?? `reports/stores/${benchmark.name}-${model}`,
        backbone: flags.backbone,
        preprocess: String(values.fusion).includes("caface") && values["style-output"] === undefined
          ? { ...flags.preprocess, styleOutput: "style" }
          : flags.preprocess,
        device: flags.device,
        threads: flags.threads,
        workers: wholeFlag(values.workers, "workers"),
        onError: onErrorFlag(values["on-error"]),
      },
    }, { onProgress: progress });
    features = extracted.features;
    style ??= extracted.style;
  }
  const out: string = values.out ?? `reports/${benchmark.name}-${stamp()}-${uniqueSuffix()}`;
  const { metrics, written } = await runIjbs({ data, features, style, fusions }, {
    out,
    waitMs: Number(values.wait ?? 0) * 1000,
    skipPng: values["no-png"],
    settings: { dataset: benchmark.name, ...values },
    onProgress: progress,
  });
  console.log(ijbsTable(metrics.results));
  console.log(emptyLine(metrics));
  console.log(`Wrote ${written.length} files to ${out}/ (open report.html)`);
  return 0;
}

function emptyLine(metrics: MetricsFile): string {
  const parts = metrics.results.map((r) =>
    `${r.protocol} ${r.identification?.mated_probes}/${r.identification?.probes} mated, ${r.empty_templates} empty`
  );
  return `Probes: ${[...new Set(parts)].join("; ")}`;
}

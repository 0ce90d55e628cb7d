/**
 * deno task compare RUN_DIR... [--out DIR] — overlay several runs in one report.
 */
import { parseFlags } from "./_flags.ts";
import { atomicWriteFile } from "../src/features/mod.ts";
import { compareRuns } from "../src/compare/mod.ts";
import { GateInputError } from "../src/gate/mod.ts";
import { runMain, stamp, UsageError } from "./_cli.ts";

const HELP = `Overlay several evaluation runs in one report.

Usage: deno task compare RUN_DIR RUN_DIR... [--out DIR]

  RUN_DIR        report folders written by deno task eval (same dataset and protocol)
  --out DIR      output folder (default: reports/compare-<timestamp>/)
  -h, --help     show this help

Writes report.html (ROC with 95% bands where the runs computed them, CMC, score
histograms and open-set curves of every run overlaid, one chart per protocol for IJB-S, and a table of every metric with its delta to the first
run), compare.md, and the charts as .vl.json and .svg. Exit status: 0 on success, 1 on an
error, 2 on a usage error or runs of different datasets.`;

await runMain(async () => {
  const { values, positionals } = parseFlags(Deno.args, {
    out: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length < 2) throw new UsageError("Cannot compare fewer than 2 run folders");
  let comparison;
  try {
    comparison = await compareRuns(positionals);
  } catch (error) {
    if (error instanceof GateInputError) throw new UsageError(error.message);
    throw error;
  }
  const out = values.out ?? `reports/compare-${stamp()}-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.mkdir(out, { recursive: true });
  for (const chart of comparison.charts) {
    await atomicWriteFile(`${out}/${chart.name}.vl.json`, JSON.stringify(chart.spec, null, 2));
    await atomicWriteFile(`${out}/${chart.name}.svg`, chart.svg);
  }
  await atomicWriteFile(`${out}/compare.md`, comparison.table);
  await atomicWriteFile(`${out}/report.html`, comparison.html);
  console.log(comparison.table);
  console.log(`Wrote ${comparison.charts.length * 2 + 2} files to ${out}/ (open report.html)`);
});

/**
 * deno task check --baseline A --current B [--tolerance 0.1] [--mode paired|strict]
 */
import { parseFlags } from "./_flags.ts";
import { GateInputError, gateMarkdown, runGate } from "../src/gate/mod.ts";
import { runMain, UsageError } from "./_cli.ts";

const HELP = `Regression gate: compare two runs (report folders or metrics.json files).

Usage: deno task check --baseline A --current B [options]

Options:
  --baseline PATH       report folder or metrics.json of the reference model
  --current PATH        report folder or metrics.json of the model under test
  --tolerance PP        largest allowed drop, in percentage points (default: 0.1)
  --mode M              paired (default) or strict
  --allow-missing LIST  comma list of metrics the current run may lack, e.g.
                        "TAR@FAR=1e-6" or "TAR@FAR=1e-6 (average)"
  --bootstrap N         paired bootstrap resamples (default: 1000)
  --seed N              seed of the paired draws (default: 1)
  --markdown FILE       also write the table as Markdown, for CI comments
  -h, --help            show this help

Rows are matched by protocol, fusion and chunk. Runs of different datasets or protocols
are refused (exit 2). A metric of the baseline that the current run lacks fails.

paired: when both runs were made with eval --save-scores, the same subject draws are
applied to both and each metric's delta gets a 95% interval: FAIL when the whole interval
lies below -tolerance, WARN (inconclusive) when it straddles it, PASS otherwise. Without
saved scores it falls back to the point comparison and says so.
strict: the point comparison: FAIL when a metric dropped by more than the tolerance.

Exit status: 0 pass (warnings included), 1 fail or error, 2 on a usage error or runs that
cannot be compared. See docs/uncertainty.md.`;

await runMain(async () => {
  const { values } = parseFlags(Deno.args, {
    baseline: { type: "string" },
    current: { type: "string" },
    tolerance: { type: "string", default: "0.1" },
    mode: { type: "string", default: "paired" },
    "allow-missing": { type: "string", default: "" },
    bootstrap: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    markdown: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: false });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.baseline || !values.current) {
    throw new UsageError("Cannot compare without --baseline and --current");
  }
  const tolerance = Number(values.tolerance);
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new UsageError(
      `Cannot use --tolerance ${values.tolerance}: expected percentage points ≥ 0`,
    );
  }
  if (values.mode !== "paired" && values.mode !== "strict") {
    throw new UsageError(`Cannot use --mode ${values.mode}: available are "paired", "strict"`);
  }
  const resamples = Number(values.bootstrap), seed = Number(values.seed);
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new UsageError(`Cannot use --bootstrap ${values.bootstrap}: expected a whole number ≥ 1`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError(`Cannot use --seed ${values.seed}: expected an integer in [0, 2^32)`);
  }
  let report;
  try {
    report = await runGate(values.baseline, values.current, {
      tolerance,
      mode: values.mode,
      allowMissing: values["allow-missing"].split(",").map((s) => s.trim()).filter(Boolean),
      resamples,
      seed,
    });
  } catch (error) {
    if (error instanceof GateInputError) throw new UsageError(error.message);
    throw error;
  }
  if (report.rows.length === 0) {
    throw new Error(
      `Cannot compare ${values.baseline} and ${values.current}: they share no metric`,
    );
  }
  const markdown = gateMarkdown(report, { tolerance });
  console.log(markdown);
  if (values.markdown) await Deno.writeTextFile(values.markdown, markdown);
  return report.failed ? 1 : 0;
});

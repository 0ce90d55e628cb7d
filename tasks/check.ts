/**
 * deno task check --baseline A/metrics.json --current B/metrics.json [--tolerance 0.1]
 */
import { parseArgs } from "node:util";
import { compareMetrics, deltaTable, type MetricsFile } from "../mod.ts";
import { runMain, UsageError } from "./_cli.ts";

const HELP = `Regression gate: compare two metrics.json files.

Usage: deno task check --baseline A/metrics.json --current B/metrics.json [--tolerance PP]

Options:
  --baseline FILE     metrics.json of the reference model
  --current FILE      metrics.json of the model under test
  --tolerance PP      largest allowed drop, in percentage points (default: 0.1)
  -h, --help          show this help

Compares every metric both files contain, matching rows by fusion and chunk, and prints
baseline, current and delta. Exit status: 0 when no metric dropped by more than the
tolerance, 1 when one did (or on an error), 2 on a usage error.`;

await runMain(async () => {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      baseline: { type: "string" },
      current: { type: "string" },
      tolerance: { type: "string", default: "0.1" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
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
  const baseline = await readMetrics(values.baseline);
  const current = await readMetrics(values.current);
  const { rows, failures } = compareMetrics(baseline, current, { tolerance });
  if (rows.length === 0) {
    throw new Error(
      `Cannot compare ${values.baseline} and ${values.current}: they share no metric`,
    );
  }
  console.log(deltaTable(rows, { tolerance: tolerance / 100 }));
  if (failures.length) {
    console.log(
      `FAIL: ${failures.length} of ${rows.length} metrics dropped by more than ${tolerance} pp`,
    );
    return 1;
  }
  console.log(`PASS: ${rows.length} metrics within ${tolerance} pp`);
  return 0;
});

async function readMetrics(path: string): Promise<MetricsFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new Error(`Cannot find metrics file ${path}`);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`Cannot parse ${path} as JSON: ${(error as Error).message}`);
  }
  const file = parsed as Partial<MetricsFile>;
  if (typeof file !== "object" || file === null || !Array.isArray(file.results)) {
    throw new TypeError(
      `Cannot use ${path} as metrics.json: field "results" is missing or not a list`,
    );
  }
  return file as MetricsFile;
}

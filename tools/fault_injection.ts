/**
 * deno task faults [--quick] [--seed N] [--only WORD] — the fault-injection suite
 * (docs/fault-injection.md): kills, concurrent writers, a full disk, bit flips, hostile
 * pickles and path traversal, each checked for "nothing lost, nothing mixed".
 */
import { parseArgs } from "node:util";
import { type Case, type Outcome, seeded } from "./faults/_harness.ts";
import { INPUT_CASES } from "./faults/input_cases.ts";
import { REPORT_CASES } from "./faults/report_cases.ts";
import { STORE_CASES } from "./faults/store_cases.ts";

const HELP = `Run the fault-injection suite against this checkout.

Usage: deno task faults [options]

  --quick           fewer repetitions (about 2 minutes instead of 10 to 20)
  --seed N          seed of the random kill times and bit positions (default: 7)
  --only WORD       run only the cases whose name contains WORD
  --keep            keep the temporary folders (printed) for inspection
  -h, --help        show this help

Cases: eval killed at random moments (the report move included) and rerun; several evals
on one --out; a crash between the two renames of the report swap; a full disk while the
report is written and during extract (a small tmpfs in a private mount namespace, skipped
where that is not allowed); extract killed and rerun; two extracts on one store; bit flips
in store shards and in a checkpoint; hostile pickles; image names that leave --out.
Exit status: 0 when every case held, 1 otherwise, 2 on a usage error.`;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    quick: { type: "boolean", default: false },
    seed: { type: "string", default: "7" },
    only: { type: "string" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  Deno.exit(0);
}
const seed = Number(values.seed);
if (!Number.isInteger(seed)) {
  console.error(`error: Cannot use --seed ${values.seed}: expected a whole number (see --help)`);
  Deno.exit(2);
}

const cases: Case[] = [...INPUT_CASES, ...REPORT_CASES, ...STORE_CASES]
  .filter((c) => values.only === undefined || c.name.includes(values.only));
const random = seeded(seed);
const started = performance.now();
const totals = { tried: 0, held: 0, skipped: 0 };
const failures: string[] = [];
for (const c of cases) {
  const tmp = await Deno.makeTempDir({ prefix: "caface-faults-" });
  console.log(`${c.name} [${c.group}]`);
  let outcomes: Outcome[];
  try {
    outcomes = await c.run({ tmp, random, quick: values.quick, log: (line) => console.log(line) });
  } catch (error) {
    outcomes = [{ ok: false, detail: `the case itself failed: ${(error as Error).stack}` }];
  }
  for (const o of outcomes) {
    if (o.skipped) {
      totals.skipped++;
      console.log(`  ${o.detail}`);
      continue;
    }
    totals.tried++;
    console.log(`  ${o.ok ? "ok  " : "FAIL"} ${o.detail}`);
    if (o.ok) totals.held++;
    else failures.push(`${c.name} [${c.group}]: ${o.detail}`);
  }
  const held = outcomes.filter((o) => o.ok && !o.skipped).length;
  const tried = outcomes.filter((o) => !o.skipped).length;
  console.log(`  → ${held}/${tried} held`);
  if (values.keep) console.log(`  kept ${tmp}`);
  else await Deno.remove(tmp, { recursive: true }).catch(() => {});
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(
  `\n${totals.tried} fault cases tried in ${seconds} s (seed ${seed}${
    values.quick ? ", quick" : ""
  }), ` +
    `${totals.held} held, ${failures.length} failed, ${totals.skipped} skipped`,
);
if (failures.length === 0) {
  console.log(
    "nothing was lost or mixed: every report folder held one whole run, every store resumed to identical features, every bad input stopped with a clear message",
  );
} else {
  console.log("FAILED:");
  for (const f of failures) console.log(`  ${f}`);
}
Deno.exit(failures.length === 0 ? 0 : 1);

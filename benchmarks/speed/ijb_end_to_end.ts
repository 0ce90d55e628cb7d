/**
 * IJB-B and IJB-C end to end against the numpy/sklearn reference, in the same run, runs
 * interleaved: `deno task eval` (average fusion, diagnostics and report included) and
 * `benchmarks/reference/ijb_numpy.py` on the same synthetic files, each in its own process,
 * wall time and peak RSS from `/usr/bin/time`.
 *
 *   deno run -A benchmarks/speed/ijb_end_to_end.ts [ijbb|ijbc] [--runs 3]
 *
 * ijbb: 12,115 templates, 8,010,270 pairs (30% listed the other way round), verification.
 * ijbc: 469,375 × 512 features, 23,124 templates, 15,658,489 pairs (30% swapped),
 * verification and identification (the reference runs insightface's 1:1 and 1:N).
 * The data is written once to $TMPDIR/caface-harness-<dataset>* (0.6 / 1.3 GB) and reused.
 */
import { parseArgs } from "node:util";
import {
  IJBB_SHAPE,
  IJBC_SHAPE,
  syntheticIjb,
  syntheticPairVariant,
} from "../../tools/synthetic/ijb_layout.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { runs: { type: "string", default: "3" } },
});
const dataset = positionals[0] ?? "ijbb";
if (dataset !== "ijbb" && dataset !== "ijbc") throw new RangeError(`Unknown dataset ${dataset}`);
const shape = dataset === "ijbb" ? IJBB_SHAPE : IJBC_SHAPE;
const tmp = Deno.env.get("TMPDIR") ?? "/tmp";
const base = await syntheticIjb(`${tmp}/caface-harness-${dataset}`, shape);
const data = await syntheticPairVariant(base, "swapped", shape);
const root = new URL("../../", import.meta.url).pathname;
const tasks = dataset === "ijbb" ? "verification" : "verification,identification";

interface Timed {
  wall: number;
  rssMb: number;
  output: string;
}

async function timed(command: string, args: string[]): Promise<Timed> {
  const out = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "@@ %e %M", command, ...args],
    cwd: root,
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${command} ${args.join(" ")} failed:\n${text}`);
  const [, wall, kb] = /@@ ([\d.]+) (\d+)/.exec(text)!;
  return { wall: Number(wall), rssMb: Number(kb) / 1024, output: text };
}

const harness = () =>
  timed(Deno.execPath(), [
    "run",
    "-A",
    "tasks/eval.ts",
    dataset,
    "--data",
    data,
    "--features",
    `${data}/features.npy`,
    "--fusion",
    "average",
    "--tasks",
    tasks,
    "--quiet",
    "--out",
    `${tmp}/caface-harness-${dataset}-e2e-report`,
  ]);
const reference = () =>
  timed("/usr/bin/python3", [
    "benchmarks/reference/ijb_numpy.py",
    data,
    ...(dataset === "ijbc" ? ["--identification"] : []),
  ]);

const rows: string[] = [];
for (let run = 1; run <= Number(values.runs); run++) {
  const h = await harness();
  const r = await reference();
  const ratio = h.wall / r.wall;
  rows.push(
    `| ${run} | ${h.wall.toFixed(1)} s, ${h.rssMb.toFixed(0)} MB | ` +
      `${r.wall.toFixed(1)} s, ${r.rssMb.toFixed(0)} MB | ${ratio.toFixed(2)} |`,
  );
  console.log(rows.at(-1));
  if (run === 1) console.log(r.output.split("\n").filter((l) => !l.startsWith("@@")).join("\n"));
}
console.log(`\n${dataset}, tasks ${tasks}, ${data}`);
console.log("| run | harness (wall, peak RSS) | numpy reference | ratio |");
console.log("|---:|---:|---:|---:|");
for (const row of rows) console.log(row);

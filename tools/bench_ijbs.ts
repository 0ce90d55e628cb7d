/**
 * IJB-S-sized speed and memory benchmark: 3,800 probe templates in 400 videos, long-tailed
 * frame counts up to 6,000, float16 features. Each configuration runs in a child process
 * whose peak resident memory (VmHWM) is read from /proc.
 *
 *   deno run -A tools/bench_ijbs.ts [--rows 2000000] [--dir reports/bench-ijbs]
 *     [--runs average,caface-9999,caface-8] [--arena on|off]
 *
 * The data is generated once into --dir (about 2.3 GB for 2 million rows) and reused.
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { writeCafaceModelDir } from "../src/caface/mod.ts";
import { parseChunks } from "../src/fusion/mod.ts";
import { evaluate } from "../src/pipeline/mod.ts";
import { syntheticIjbs } from "./synthetic/ijbs_layout.ts";
import { BENCHMARKS } from "../benchmarks/mod.ts";
import { loadWeights } from "./caface/load.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    rows: { type: "string", default: "2000000" },
    dir: { type: "string" },
    runs: { type: "string", default: "average,caface-9999,caface-8" },
    child: { type: "string" },
    arena: { type: "string" },
  },
});
const rows = Number(values.rows);
const dir = values.dir ?? `reports/bench-ijbs-${rows}`;

if (values.child) {
  const [kind, chunk] = values.child.split("-");
  let model: string | undefined;
  if (kind === "caface") {
    model = await Deno.makeTempDir({ prefix: "caface_model_" });
    await writeCafaceModelDir(await loadWeights(), model, { sourceSha256: "bench" });
  }
  const stages = new Map<string, [number, number]>();
  const t0 = performance.now();
  const evaluation = await evaluate({
    benchmark: BENCHMARKS.ijbs,
    data: dir,
    features: `${dir}/features.npy`,
    style: kind === "caface" ? `${dir}/style.npy` : undefined,
    fusions: kind === "caface"
      ? [{
        kind: "caface",
        modelDir: model!,
        chunks: parseChunks(chunk!),
        memoryArena: values.arena === undefined ? undefined : values.arena === "on",
      }]
      : [{ kind: "average" }],
  }, {
    onProgress: (stage) => {
      const now = performance.now();
      const s = stages.get(stage);
      stages.set(stage, [s?.[0] ?? now, now]);
    },
  });
  const total = (performance.now() - t0) / 1000;
  const fuse = [...stages].filter(([k]) => k.startsWith("fuse"))
    .reduce((n, [, [a, b]]) => n + (b - a) / 1000, 0);
  const status = await Deno.readTextFile("/proc/self/status");
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
  console.log(JSON.stringify({
    run: values.child,
    arena: values.arena ?? "default",
    total_s: +total.toFixed(2),
    fuse_s: +fuse.toFixed(2),
    cpu_s: +((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(2),
    peak_mb: Math.round(hwm),
    rank1: evaluation.runs.map((r) => [r.result.protocol, r.result.identification?.rank["1"]]),
  }));
  Deno.exit(0);
}

const t0 = performance.now();
await syntheticIjbs(dir, { rows });
console.log(
  `data: ${dir} (${await Deno.readTextFile(`${dir}/done`)}`.trim() +
    `, ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
for (const run of values.runs.split(",")) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      ...["run", "-A", import.meta.filename!, "--child", run, "--dir", dir, "--rows", values.rows],
      ...(values.arena ? ["--arena", values.arena] : []),
    ],
    stderr: "inherit",
  }).output();
  console.log(new TextDecoder().decode(out.stdout).trim());
}

/**
 * One cluster call at chunk length N, by attention form and memory-arena setting: the time of the
 * first call, the median of the next ones, and the peak resident memory (VmHWM) of a fresh
 * process per configuration. The seeded random-weight model of fixtures/caface.
 *
 *   deno run -A tools/caface/bench_cluster.ts [--n 1000,4000,11000] [--calls 4] [--threads 2]
 *     [--attention fused,matmul] [--arena on,off]
 */
import { parseArgs } from "node:util";
import { buildClusterGraph, type ClusterAttention } from "../../src/caface/mod.ts";
import { OnnxModel } from "../../src/onnx/mod.ts";
import { loadWeights } from "./load.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    n: { type: "string", default: "1000,4000,11000" },
    calls: { type: "string", default: "4" },
    threads: { type: "string", default: "2" },
    attention: { type: "string", default: "fused,matmul" },
    arena: { type: "string", default: "on,off" },
    child: { type: "string" },
  },
});

/** Peak resident memory of this process in MB. */
function peakMb(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024);
}

if (values.child) {
  const [attention, arena, n] = values.child.split(":") as [ClusterAttention, string, string];
  const rows = Number(n);
  const model = await OnnxModel.load(buildClusterGraph(await loadWeights(), { attention }), {
    threads: Number(values.threads),
    memoryArena: arena === "on",
  });
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const features = Float32Array.from({ length: rows * 512 }, rand);
  const style = Float32Array.from({ length: rows * 64 }, () => 1.5 * rand());
  const before = peakMb();
  const times: number[] = [];
  for (let i = 0; i < Number(values.calls); i++) {
    const t0 = performance.now();
    await model.run({
      features: { data: features, dims: [1, rows, 512] },
      style: { data: style, dims: [1, rows, 64] },
    }, ["counts", "cluster_features", "cluster_styles"]);
    times.push((performance.now() - t0) / 1000);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  console.log(JSON.stringify({
    attention,
    arena,
    n: rows,
    first_s: +times[0]!.toFixed(3),
    steady_s: +(rest[Math.floor(rest.length / 2)] ?? times[0]!).toFixed(3),
    peak_mb: peakMb(),
    peak_before_calls_mb: before,
  }));
  Deno.exit(0);
}

for (const n of values.n.split(",")) {
  for (const attention of values.attention.split(",")) {
    for (const arena of values.arena.split(",")) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          import.meta.filename!,
          "--child",
          `${attention}:${arena}:${n}`,
          "--calls",
          values.calls,
          "--threads",
          values.threads,
        ],
        stderr: "inherit",
      }).output();
      console.log(new TextDecoder().decode(out.stdout).trim());
    }
  }
}

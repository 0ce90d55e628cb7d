/**
 * CAFace on a long-tailed set of surveillance-length templates, end to end from .npy files to the
 * fused templates on disk, against the float32 PyTorch reference on the same files in the same
 * run: 34 templates, 25,440 rows, the longest 11,000 frames (so chunk 9999 splits it in two,
 * 5,500 + 5,500), the others on a log-linear curve from 2,045 down to 14 frames. Seeded
 * random-weight model of fixtures/caface.
 *
 *   deno run -A benchmarks/fusion/long_tail.ts [--chunk 9999] [--dir DIR] [--runs harness,torch,harness]
 *     [--arena on|off] [--uniform FRAMES]
 *
 * `--uniform FRAMES` replaces the long tail by templates of FRAMES frames each, 33,000 rows in all
 * (33 × 1,000 or 3 × 11,000), to compare peak memory across template lengths.
 *
 * Each run is a fresh process (model build or load included); its wall time, CPU time and peak
 * resident memory (VmHWM / ru_maxrss) are printed, then the largest difference between the
 * harness's fused templates and PyTorch's. The data is written once into DIR (default
 * `$TMPDIR/caface-long-tail`, 56 MB) and reused.
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { writeCafaceModelDir } from "../../src/caface/mod.ts";
import { openNpy, readNpy, writeNpy } from "../../src/features/mod.ts";
import { cafaceFusions } from "../../src/fusion/mod.ts";
import { loadWeights } from "../../tools/caface/load.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    chunk: { type: "string", default: "9999" },
    dir: { type: "string" },
    runs: { type: "string", default: "harness,torch,harness" },
    arena: { type: "string" },
    child: { type: "boolean", default: false },
    uniform: { type: "string" },
  },
});
const uniform = values.uniform === undefined ? undefined : Number(values.uniform);
const dir = values.dir ??
  `${Deno.env.get("TMPDIR") ?? "/tmp"}/caface-${uniform ? `uniform-${uniform}` : "long-tail"}`;
const chunk = Number(values.chunk);

/** The 34 template lengths: 11,000 then 33 on a log-linear curve, 25,440 in all. */
export function longTailSizes(): number[] {
  const rest = Array.from(
    { length: 33 },
    (_, i) => Math.exp(Math.log(3200) - Math.log(128) * i / 32),
  );
  const sum = rest.reduce((a, b) => a + b, 0);
  const sizes = rest.map((s) => Math.round(s * 14440 / sum));
  sizes[32]! += 14440 - sizes.reduce((a, b) => a + b, 0);
  return [11000, ...sizes];
}

async function writeData(): Promise<void> {
  try {
    await Deno.stat(`${dir}/sizes.json`);
    return;
  } catch {
    await Deno.mkdir(dir, { recursive: true });
  }
  const sizes = uniform
    ? Array<number>(Math.round(33000 / uniform)).fill(uniform)
    : longTailSizes();
  const rows = sizes.reduce((a, b) => a + b, 0);
  let seed = 20261204;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const features = new Float32Array(rows * 512);
  for (let r = 0; r < rows; r++) {
    const norm = 2 + 43 * (rand() + 1) / 2;
    let sq = 0;
    for (let j = 0; j < 512; j++) sq += (features[r * 512 + j] = rand()) ** 2;
    for (let j = 0; j < 512; j++) features[r * 512 + j]! *= norm / Math.sqrt(sq);
  }
  const style = Float32Array.from({ length: rows * 64 }, () => 1.5 * rand());
  await writeNpy(`${dir}/features.npy`, { shape: [rows, 512], data: features });
  await writeNpy(`${dir}/style.npy`, { shape: [rows, 64], data: style });
  await Deno.writeTextFile(`${dir}/sizes.json`, JSON.stringify(sizes));
}

function peakMb(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024);
}

async function harness(): Promise<void> {
  const t0 = performance.now();
  const sizes: number[] = JSON.parse(await Deno.readTextFile(`${dir}/sizes.json`));
  const model = await Deno.makeTempDir({ prefix: "caface_model_" });
  await writeCafaceModelDir(await loadWeights(), model, { sourceSha256: "bench" });
  const memoryArena = values.arena === undefined ? undefined : values.arena === "on";
  const [run] = await cafaceFusions(model, { chunks: [chunk], memoryArena });
  using features = await openNpy(`${dir}/features.npy`);
  using style = await openNpy(`${dir}/style.npy`);
  const offsets = Uint32Array.from([
    0,
    ...sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b)),
  ]);
  const rows = offsets[sizes.length]!;
  const fused = await run!.fuse({
    features,
    style,
    templates: {
      ids: Int32Array.from(sizes, (_, i) => i),
      offsets,
      rows: Uint32Array.from({ length: rows }, (_, i) => i),
    },
    mediaIds: new Int32Array(rows),
  });
  await writeNpy(`${dir}/fused_harness.npy`, fused.features);
  await Deno.remove(model, { recursive: true });
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({
    run: "harness",
    chunk,
    arena: values.arena ?? "default",
    wall_s: +((performance.now() - t0) / 1000).toFixed(2),
    cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    peak_mb: peakMb(),
  }));
}

if (values.child) {
  await harness();
  Deno.exit(0);
}

await writeData();
const args = [
  "--chunk",
  values.chunk,
  "--dir",
  dir,
  ...(values.arena ? ["--arena", values.arena] : []),
];
for (const run of values.runs.split(",")) {
  const t0 = performance.now();
  const command = run === "torch"
    ? new Deno.Command("/usr/bin/python3", {
      args: [
        new URL("../../tools/caface/bench_reference.py", import.meta.url).pathname,
        "--long-tail",
        dir,
        "--chunks",
        values.chunk,
      ],
      stderr: "inherit",
    })
    : new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", import.meta.filename!, "--child", ...args],
      stderr: "inherit",
    });
  const out = await command.output();
  const line = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1) ?? "";
  console.log(line, `(process wall ${((performance.now() - t0) / 1000).toFixed(2)} s)`);
}
if (values.runs.includes("torch") && values.runs.includes("harness")) {
  const a = (await readNpy(`${dir}/fused_harness.npy`)).data;
  const b = (await readNpy(`${dir}/fused_torch.npy`)).data;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  console.log(JSON.stringify({ max_abs_diff: worst, values: a.length }));
}

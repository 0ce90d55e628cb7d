/**
 * The GPU benchmark's command line:
 *
 *   deno run -A tasks/gpu_benchmark.ts [--device webgpu] [--out FILE.json] [--quick]
 *
 * Prints one table and writes everything as JSON. Exit 1 when the device cannot run (with
 * the diagnosis, nothing written) or when float32 parity fails; 2 on a usage error.
 */
import { parseArgs } from "node:util";
import { parseDevice, requireDevice } from "../src/onnx/mod.ts";
import { runMain, UsageError } from "./_cli.ts";
import { formatTable, type TorchReference } from "../benchmarks/gpu/format_table.ts";
import { runGpuBenchmark } from "../benchmarks/gpu/gpu_benchmark.ts";

const HELP = `GPU benchmark: random-weight IR-101 (the harness's converter), float32 and float16:
parity against the CPU, pure inference at batch 1/32/128/256, end-to-end extraction.

Usage: deno run -A tasks/gpu_benchmark.ts [options]

  --device D        device under test (default: webgpu)
  --out FILE        JSON result (default: reports/gpu-benchmark.json)
  --work DIR        models and stores (default: a temporary folder, removed after)
  --quick           a small network and few images (the CPU half that CI runs)
  --torch FILE      add PyTorch reference rows from torch_reference.py's JSON
  --seconds S       minimum seconds per timing point (default: 1.5)
  -h, --help        show this help`;

await runMain(async () => {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      device: { type: "string", default: "webgpu" },
      out: { type: "string", default: "reports/gpu-benchmark.json" },
      work: { type: "string" },
      quick: { type: "boolean", default: false },
      torch: { type: "string" },
      seconds: { type: "string", default: "1.5" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  let device;
  try {
    device = parseDevice(values.device);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const seconds = Number(values.seconds);
  if (!(seconds >= 0)) {
    throw new UsageError(`Cannot use --seconds "${values.seconds}": expected a number ≥ 0`);
  }
  await requireDevice(device);
  const work = values.work ?? await Deno.makeTempDir({ prefix: "gpu_bench_" });
  try {
    const gpu = device !== "cpu";
    const result = await runGpuBenchmark({
      device,
      workDir: work,
      seconds,
      ...(values.quick
        ? {
          stages: [1, 1, 1, 1],
          width: 16,
          batches: [1, 8, 32],
          extractImages: 110,
          parityImages: 16,
        }
        : {}),
      variants: device === "webgpu" && !values.quick
        ? {
          "onnxruntime defaults (validation basic)": {},
          "validation disabled (harness default)": { validationMode: "disabled" },
          "NHWC": { validationMode: "disabled", preferredLayout: "NHWC" },
          "graph capture": { validationMode: "disabled", graphCapture: true },
        }
        : undefined,
      profile: gpu && !values.quick,
      onProgress: (line) => console.error(line),
    });
    const torch = values.torch === undefined
      ? undefined
      : JSON.parse(await Deno.readTextFile(values.torch)) as TorchReference;
    console.log(formatTable(result, torch));
    const dir = values.out.includes("/") ? values.out.slice(0, values.out.lastIndexOf("/")) : ".";
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(values.out, JSON.stringify({ ...result, torch }, null, 2) + "\n");
    console.error(`wrote ${values.out}`);
    return result.parityOk ? 0 : 1;
  } finally {
    if (values.work === undefined) await Deno.remove(work, { recursive: true }).catch(() => {});
  }
});

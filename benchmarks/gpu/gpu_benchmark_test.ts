/** The CPU half of the GPU benchmark, as CI runs it: a small network, a few images. */
import assert from "node:assert/strict";
import { formatTable } from "./format_table.ts";
import { runGpuBenchmark } from "./gpu_benchmark.ts";
import { irFlops } from "./_timing.ts";

Deno.test("GPU benchmark, CPU half: parity, timings and an extraction store on a small IR", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const result = await runGpuBenchmark({
      device: "cpu",
      workDir: dir,
      stages: [1, 1, 1, 1],
      width: 8,
      batches: [1, 4],
      parityImages: 8,
      extractImages: 60,
      seconds: 0,
    });
    assert.deepEqual(result.dtypes.map((d) => d.dtype), ["float32", "float16"]);
    const [fp32, fp16] = result.dtypes;
    assert.equal(fp32!.parity.maxRelative, 0, "cpu against cpu is exact");
    assert.ok(result.parityOk);
    assert.ok(fp16!.parity.maxRelative > 0 && fp16!.parity.maxRelative < 1e-2);
    assert.ok(fp16!.parity.minCosine > 0.9999);
    for (const d of result.dtypes) {
      assert.deepEqual(d.inference.map((t) => t.batch), [1, 4]);
      assert.ok(d.inference.every((t) => t.imagesPerSecond > 0 && t.runs >= 3));
      assert.equal(d.extraction.images, 60);
      assert.ok(d.extraction.steadyImagesPerSecond > 0);
    }
    // The extraction wrote a complete store of 60 rows.
    const store = `${dir}/store-ir_fp16.onnx`;
    const manifest = JSON.parse(await Deno.readTextFile(`${store}/manifest.json`));
    assert.equal(manifest.images.count, 60);
    const table = formatTable(result);
    assert.match(table, /\| onnxruntime-node cpu \| float16 \|/);
    assert.match(table, /Parity \(float32, bound 1e-4\): ok/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("irFlops() counts IR-101 at 24.2 GFLOP per 112×112 image, as insightface reports for r100", () => {
  assert.equal((irFlops([3, 13, 30, 3]) / 1e9).toFixed(1), "24.2");
});

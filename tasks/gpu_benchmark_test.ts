/** The GPU benchmark command, run as a user runs it. */
import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

Deno.test("GPU benchmark command: without a usable WebGPU it prints the diagnosis, exits 1, writes no JSON", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { code, stderr } = await runTask("tasks/gpu_benchmark.ts", ["--out", `${dir}/r.json`], {
      env: { VK_DRIVER_FILES: "/nonexistent/nvidia_icd.json" },
    });
    assert.equal(code, 1);
    assert.match(stderr, /Cannot use --device webgpu: no Vulkan ICD[^\n]*\nFix: /);
    assert.deepEqual(await Array.fromAsync(Deno.readDir(dir)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

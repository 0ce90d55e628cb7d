import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

/** The no-GPU diagnosis every task prints for `--device webgpu` on these CPU machines. */
const DIAGNOSIS =
  /error: Cannot use --device webgpu: (no Vulkan loader|no Vulkan ICD|no adapter)[^\n]*\nFix: [^\n]+/;

/** Runs with a missing driver manifest so the result is the same on any machine. */
const NO_ICD = { VK_DRIVER_FILES: "/nonexistent/nvidia_icd.json" };

Deno.test("devices task: lists the CPU and says why WebGPU and CUDA are unavailable", async () => {
  const { code, stdout, stderr } = await runTask("tasks/devices.ts", [], { env: NO_ICD });
  assert.equal(code, 0);
  // onnxruntime's own log line about the missing CUDA provider stays out of the terminal.
  assert.equal(stderr, "");
  assert.match(stdout, /^cpu +ok: \d+ cores/m);
  assert.match(
    stdout,
    /^webgpu +no: Cannot use --device webgpu: no Vulkan ICD: none of VK_DRIVER_FILES=\/nonexistent\/nvidia_icd.json exists/m,
  );
  assert.match(stdout, /Fix: point VK_DRIVER_FILES at the GPU driver's Vulkan manifest/);
  assert.match(
    stdout,
    /^cuda +(ok|no: Cannot use --device cuda:0: .*\nFix: .*ONNXRUNTIME_NODE_INSTALL=cuda12)/m,
  );
});

Deno.test("devices task: --verbose lets onnxruntime's raw provider_bridge line through", async () => {
  const quiet = await runTask("tasks/devices.ts", [], { env: NO_ICD });
  const verbose = await runTask("tasks/devices.ts", ["--verbose"], { env: NO_ICD });
  assert.equal(verbose.code, 0);
  assert.equal(verbose.stdout, quiet.stdout);
  if (/^cuda +no: .*not installed/m.test(quiet.stdout)) {
    assert.match(verbose.stderr, /provider_bridge_ort\.cc.*Failed to load library/);
  }
});

Deno.test("devices task: --json has the three devices", async () => {
  const { code, stdout } = await runTask("tasks/devices.ts", ["--json"], { env: NO_ICD });
  assert.equal(code, 0);
  const machine = JSON.parse(stdout);
  assert.ok(machine.cpu.cores >= 1);
  assert.equal(machine.webgpu.ok, false);
  assert.equal(machine.webgpu.device, "webgpu");
  assert.equal(typeof machine.cuda.ok, "boolean");
});

for (
  const [task, args] of [
    ["extract", ["demo", "--out", "OUT"]],
    ["eval", [
      "demo",
      "--backbone",
      "models/faceplugin/fr_feature.onnx",
      "--preset",
      "mobilefacenet",
      "--store",
      "OUT/store",
      "--out",
      "OUT",
    ]],
    ["embed", ["--input", "fixtures/uncertainty/npy_f4.npy", "--out", "OUT"]],
    ["landmarks", ["--images", "fixtures/johns/loose_crop", "--out", "OUT"]],
    ["demo", [
      "--probe",
      "fixtures/johns/loose_crop",
      "--gallery",
      "fixtures/johns/loose_crop/1.jpg",
      "--out",
      "OUT",
    ]],
  ] as const
) {
  Deno.test(`${task} task: --device webgpu without a GPU prints the diagnosis, exits 1 and writes nothing`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const out = `${dir}/out`;
      const { code, stderr } = await runTask(
        `tasks/${task}.ts`,
        [...args.map((a) => a.replace("OUT", out)), "--device", "webgpu"],
        { env: NO_ICD },
      );
      assert.equal(code, 1, stderr);
      assert.match(stderr, DIAGNOSIS);
      assert.deepEqual(await Array.fromAsync(Deno.readDir(dir)), [], "nothing written");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("extract task: an unknown --device is a usage error listing the choices", async () => {
  const { code, stderr } = await runTask("tasks/extract.ts", [
    "demo",
    "--out",
    "/nonexistent/x",
    "--device",
    "gpu",
  ]);
  assert.equal(code, 2);
  assert.match(stderr, /Cannot use device "gpu": expected cpu, webgpu, cuda or cuda:N/);
});

import assert from "node:assert/strict";
import { readNpy } from "../src/features/mod.ts";
import { runTask } from "./_run_task.ts";

function task([script, ...args]: string[]) {
  return runTask(script!, args);
}

Deno.test("convert + eval run average versus CAFace from checkpoints to the paper-style table", async () => {
  const dir = await Deno.makeTempDir();
  const model = `${dir}/model`;
  // Random-weight checkpoints in the official layout: an IR-18 backbone with the SIM, and
  // the CAFace aggregator. Their numbers mean nothing; the chain is what is tested.
  for (
    const [part, ckpt] of [
      ["backbone", "fixtures/backbone/ir18_tface.ckpt"],
      ["caface", "fixtures/caface/caface_random.ckpt"],
    ]
  ) {
    const converted = await task([
      "tasks/convert.ts",
      part!,
      "--ckpt",
      ckpt!,
      "--out",
      model,
      "-q",
    ]);
    assert.equal(converted.code, 0, converted.stderr);
  }
  const result = await task([
    "tasks/eval.ts",
    "demo",
    "--backbone",
    `${model}/backbone.onnx`,
    "--fusion",
    "average,caface",
    "--caface",
    model,
    "--chunk",
    "9999,2",
    "--store",
    `${dir}/store`,
    "--out",
    `${dir}/out`,
    "--dump-templates",
    "--quiet",
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /\| CAFace \(N=2\) \|/);
  assert.ok(result.stdout.includes("| CAFace  | 9999    |"));
  const metrics = JSON.parse(await Deno.readTextFile(`${dir}/out/metrics.json`));
  assert.deepEqual(
    metrics.results.map((r: { fusion: string; chunk: number | null }) => [r.fusion, r.chunk]),
    [["average", null], ["caface", 9999], ["caface", 2]],
  );
  const style = await readNpy(`${dir}/store/style.npy`);
  assert.deepEqual([style.rows, style.dim], [55, 64]);
  const whole = await readNpy(`${dir}/out/templates_caface-9999.npy`);
  const average = await readNpy(`${dir}/out/templates_average.npy`);
  assert.equal(whole.rows, 15);
  let norm = 0, differs = 0;
  for (let j = 0; j < whole.dim; j++) {
    norm += whole.data[j]! ** 2;
    differs = Math.max(differs, Math.abs(whole.data[j]! - average.data[j]!));
  }
  assert.ok(Math.abs(Math.sqrt(norm) - 1) < 1e-5);
  assert.ok(differs > 1e-3);
  await Deno.remove(dir, { recursive: true });
});

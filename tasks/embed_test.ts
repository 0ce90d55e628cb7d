import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";
import { writeNpy } from "../src/features/mod.ts";
import { OnnxModel } from "../src/onnx/mod.ts";
import { _linearBackbone, _random } from "../src/extract/_test_data.ts";

const FR_FEATURE = "models/faceplugin/fr_feature.onnx";

Deno.test("embed task: outputs equal running the model directly", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const next = _random(5);
    const input = Float32Array.from({ length: 3 * 3 * 112 * 112 }, () => next());
    await writeNpy(`${dir}/x.npy`, { shape: [3, 3, 112, 112], data: input });
    await t.step("a dynamic-batch model with a style output", async () => {
      const model = _linearBackbone({ dim: 8, styleDim: 4 });
      await Deno.writeFile(`${dir}/m.onnx`, model.bytes);
      const run = await runTask("tasks/embed.ts", [
        "--backbone",
        `${dir}/m.onnx`,
        "--style-output",
        "style",
        "--input",
        `${dir}/x.npy`,
        "--out",
        `${dir}/a`,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const direct = await OnnxModel.load(model.bytes);
      const out = await direct.run({ input: { data: input, dims: [3, 3, 112, 112] } });
      await direct.release();
      await writeNpy(`${dir}/e.npy`, { shape: [3, 8], data: out.embedding!.data });
      await writeNpy(`${dir}/s.npy`, { shape: [3, 4], data: out.style!.data });
      assert.deepEqual(
        await Deno.readFile(`${dir}/a/embedding.npy`),
        await Deno.readFile(`${dir}/e.npy`),
      );
      assert.deepEqual(
        await Deno.readFile(`${dir}/a/style.npy`),
        await Deno.readFile(`${dir}/s.npy`),
      );
    });
    await t.step("an output named style is written without --style-output", async () => {
      const model = _linearBackbone({ dim: 8, styleDim: 4 });
      await Deno.writeFile(`${dir}/m2.onnx`, model.bytes);
      const run = await runTask("tasks/embed.ts", [
        "--backbone",
        `${dir}/m2.onnx`,
        "--input",
        `${dir}/x.npy`,
        "--out",
        `${dir}/a2`,
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(
        await Deno.readFile(`${dir}/a2/style.npy`),
        await Deno.readFile(`${dir}/s.npy`),
      );
    });
    await t.step("fr_feature.onnx, fixed batch 1, run image by image", async () => {
      const run = await runTask("tasks/embed.ts", [
        "--input",
        `${dir}/x.npy`,
        "--out",
        `${dir}/b`,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const direct = await OnnxModel.load(FR_FEATURE);
      const rows: Float32Array[] = [];
      for (let n = 0; n < 3; n++) {
        const one = input.slice(n * 37632, (n + 1) * 37632);
        rows.push(
          (await direct.run({ input: { data: one, dims: [1, 3, 112, 112] } })).output!.data,
        );
      }
      await direct.release();
      const data = new Float32Array(3 * 512);
      rows.forEach((r, n) => data.set(r, n * 512));
      await writeNpy(`${dir}/e.npy`, { shape: [3, 512], data });
      assert.deepEqual(
        await Deno.readFile(`${dir}/b/embedding.npy`),
        await Deno.readFile(`${dir}/e.npy`),
      );
      await assert.rejects(Deno.stat(`${dir}/b/style.npy`), Deno.errors.NotFound);
    });
    await t.step("a tensor of the wrong size is refused", async () => {
      await writeNpy(`${dir}/y.npy`, {
        shape: [1, 3, 64, 64],
        data: new Float32Array(3 * 64 * 64),
      });
      const run = await runTask("tasks/embed.ts", [
        "--input",
        `${dir}/y.npy`,
        "--out",
        `${dir}/c`,
      ]);
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr,
        `error: Cannot embed ${dir}/y.npy of shape [1, 3, 64, 64]: expected [N, 3, 112, 112] for ${FR_FEATURE}\n`,
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { CAFACE_MODEL_FILES, writeCafaceModelDir } from "./model_dir.ts";
import { OnnxModel } from "../onnx/mod.ts";
import { loadWeights } from "../../tools/caface/load.ts";

Deno.test("writeCafaceModelDir() writes the three graphs and meta.json, and nothing else", async () => {
  const dir = await Deno.makeTempDir({ prefix: "caface_dir_" });
  const out = `${dir}/model`;
  const paths = await writeCafaceModelDir(await loadWeights(), out, {
    sourceSha256: "ab".repeat(32),
    source: "caface_random.ckpt",
    hyperParameters: { decoder_name: "catv9_g4_conf512_small" },
  });
  assert.deepEqual(paths, CAFACE_MODEL_FILES.map((name) => `${out}/${name}`));
  const names = [...Deno.readDirSync(out)].map((e) => e.name).sort();
  assert.deepEqual(names, [...CAFACE_MODEL_FILES].sort());
  const meta = JSON.parse(await Deno.readTextFile(`${out}/meta.json`));
  assert.equal(meta.sourceSha256, "ab".repeat(32));
  assert.equal(meta.hyperParameters.decoder_name, "catv9_g4_conf512_small");
  assert.deepEqual(meta.dims, { M: 4, D: 128, F: 512, STYLE: 64, STATS: 384 });
  const sim = await OnnxModel.load(`${out}/style_merge.onnx`);
  assert.deepEqual(sim.inputShape("style_stats"), ["batch", 384, 2]);
  await sim.release();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeCafaceModelDir() leaves the directory untouched when a weight is missing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "caface_dir_" });
  const weights = await loadWeights();
  const partial = (key: string, shape: readonly number[]) => {
    if (key.includes("style_maker.linear")) {
      throw new RangeError(`Cannot find weight "${key}" in test: the key is missing`);
    }
    return weights(key, shape);
  };
  await assert.rejects(writeCafaceModelDir(partial, dir, { sourceSha256: "" }), {
    name: "RangeError",
    message:
      'Cannot find weight "aggregator.style_maker.linear.weight" in test: the key is missing',
  });
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

import assert from "node:assert/strict";
import { Backbone, PREPROCESS_PRESETS } from "../extract/mod.ts";
import { openNpy } from "../features/mod.ts";
import { decodeImage, toTensor } from "../images/mod.ts";
import { ensureFeatures } from "./ensure_features.ts";
import { BENCHMARKS } from "../../benchmarks/mod.ts";

const MODEL = "models/faceplugin/fr_feature.onnx";
const CROPS = "fixtures/align/crops";

Deno.test("ensureFeatures() on the IJB-S layout scans images/, extracts prealigned crops and reuses the store", async () => {
  const dir = await Deno.makeTempDir();
  // Two aligned 112×112 crops laid out as IJB-S frames of subject 7 in video 3.
  await Deno.mkdir(`${dir}/images/7`, { recursive: true });
  await Deno.copyFile(`${CROPS}/case1.png`, `${dir}/images/7/videos_3_00002.png`);
  await Deno.copyFile(`${CROPS}/case0.png`, `${dir}/images/7/videos_3_00001.png`);
  const preprocess = PREPROCESS_PRESETS.mobilefacenet;
  const extraction = { store: `${dir}/store`, backbone: MODEL, preprocess, workers: 1 };
  const made = await ensureFeatures({ benchmark: BENCHMARKS.ijbs, data: dir, extraction });
  assert.equal(made.failures, 0);
  assert.equal(
    await Deno.readTextFile(`${dir}/image_list.txt`),
    "7/videos_3_00001.png\n7/videos_3_00002.png\n",
  );
  // A 112×112 crop into a 112×112 backbone: the prealigned resize is the identity, so each
  // row equals the backbone run on the decoded crop itself.
  const backbone = await Backbone.load(MODEL, { preprocess });
  using features = await openNpy(made.features);
  const rows = await features.readRows(0, 2);
  for (const [i, name] of ["case0.png", "case1.png"].entries()) {
    const tensor = toTensor([await decodeImage(`${CROPS}/${name}`)], {
      colour: preprocess.colour,
      scale: preprocess.scale,
      mean: preprocess.mean,
      std: preprocess.std,
    });
    const direct = (await backbone.embed(tensor)).embedding.data;
    const row = rows.subarray(i * features.dim, (i + 1) * features.dim);
    const diff = Math.max(...direct.map((v, j) => Math.abs(v - row[j]!)));
    assert.ok(diff < 1e-5, `row ${i} differs by ${diff}`);
  }
  await backbone.release();
  const again = await ensureFeatures({ benchmark: BENCHMARKS.ijbs, data: dir, extraction });
  assert.equal(again.features, made.features);
  await Deno.remove(dir, { recursive: true });
});

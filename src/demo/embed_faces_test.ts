import assert from "node:assert/strict";
import { Backbone, PREPROCESS_PRESETS } from "../extract/mod.ts";
import { FaceLandmarker } from "../landmarks/mod.ts";
import { embedFaces } from "./embed_faces.ts";

const FR_FEATURE = "models/faceplugin/fr_feature.onnx";

Deno.test("embedFaces() embeds faces in order and lists the images it skips", async () => {
  const landmarker = await FaceLandmarker.load();
  const backbone = await Backbone.load(FR_FEATURE, {
    preprocess: PREPROCESS_PRESETS.mobilefacenet,
  });
  try {
    const paths = [
      "fixtures/johns/photos/John_Simm/000288_00470387.jpg",
      "fixtures/images/grey.jpg",
      "fixtures/images/random.jpg",
      "fixtures/johns/photos/John_Salley/000179_02159509.jpg",
    ];
    const seen: number[] = [];
    const out = await embedFaces(paths, { landmarker, backbone }, {
      onProgress: (done) => seen.push(done),
    });
    assert.deepEqual(out.index, [0, 3]);
    assert.deepEqual(out.paths, [paths[0], paths[3]]);
    assert.deepEqual(out.skipped, [
      { path: paths[1], reason: "no face" },
      { path: paths[2], reason: "corrupt" },
    ]);
    assert.deepEqual([out.embedding.rows, out.embedding.dim], [2, 512]);
    assert.deepEqual(out.crops.map((c) => [c.width, c.height]), [[112, 112], [112, 112]]);
    assert.equal(out.style, undefined);
    assert.deepEqual(seen, [1, 2, 3, 4]);
    assert.notDeepEqual(out.embedding.data.slice(0, 512), out.embedding.data.slice(512));
    const none = await embedFaces([paths[1]!], { landmarker, backbone });
    assert.deepEqual([none.embedding.rows, none.embedding.dim, none.crops.length], [0, 512, 0]);
  } finally {
    await landmarker.release();
    await backbone.release();
  }
});

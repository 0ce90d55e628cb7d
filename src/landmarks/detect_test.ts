import assert from "node:assert/strict";
import { decodeImage, rgbImage } from "../images/mod.ts";
import { OnnxModel } from "../onnx/mod.ts";
import { detectFaces } from "./detect.ts";
import { FACEPLUGIN_MODEL_DIR } from "./face_landmarker.ts";

const PHOTOS = new URL("../../fixtures/johns/photos/", import.meta.url).pathname;
const MODEL = new URL(`../../${FACEPLUGIN_MODEL_DIR}/fr_detect.onnx`, import.meta.url).pathname;

Deno.test("detectFaces() finds one centred face in each of five johns photos", async (t) => {
  const model = await OnnxModel.load(MODEL, { threads: 1 });
  for (
    const photo of [
      "John_Salley/000183_02159543.jpg",
      "John_Savage/000264_01099001.jpg",
      "John_Schneider/000302_00925785.jpg",
      "John_Shimkus/000373_03228153.jpg",
      "John_Simm/000288_00470387.jpg",
    ]
  ) {
    await t.step(photo, async () => {
      const faces = await detectFaces(model, await decodeImage(PHOTOS + photo));
      assert.equal(faces.length, 1);
      const [x1, y1, x2, y2] = faces[0]!.box;
      const side = Math.max(x2 - x1, y2 - y1);
      assert.ok(side >= 40 && side <= 150, `side ${side}`);
      assert.ok(Math.abs((x1 + x2) / 2 - 75) < 20, `centre x ${(x1 + x2) / 2}`);
      assert.ok(Math.abs((y1 + y2) / 2 - 75) < 20, `centre y ${(y1 + y2) / 2}`);
      assert.ok(faces[0]!.score >= 0.9 && faces[0]!.score <= 1, `score ${faces[0]!.score}`);
    });
  }
  await model.release();
});

Deno.test("detectFaces() returns boxes inside the image, best score first", async () => {
  const model = await OnnxModel.load(MODEL, { threads: 1 });
  const img = await decodeImage(`${PHOTOS}John_Simm/000288_00470387.jpg`);
  const faces = await detectFaces(model, img, { scoreThreshold: 0.05, nms: 0.9, containment: 1 });
  assert.ok(faces.length > 1, `${faces.length} faces at a low threshold`);
  for (let i = 0; i < faces.length; i++) {
    const [x1, y1, x2, y2] = faces[i]!.box;
    assert.ok(x1 >= 0 && y1 >= 0 && x2 <= img.width - 1 && y2 <= img.height - 1);
    if (i > 0) assert.ok(faces[i]!.score <= faces[i - 1]!.score);
  }
  await model.release();
});

Deno.test("detectFaces() drops eye-sized boxes nested in the face unless containment is 1", async () => {
  const model = await OnnxModel.load(MODEL, { threads: 1 });
  const img = await decodeImage(`${PHOTOS}John_Salley/000183_02159543.jpg`);
  const nested = await detectFaces(model, img, { containment: 1 });
  assert.equal(nested.length, 3);
  for (const small of nested.slice(1)) assert.ok(small.box[2] - small.box[0] < 40);
  const faces = await detectFaces(model, img);
  assert.equal(faces.length, 1);
  assert.deepEqual(faces[0]!.box, nested[0]!.box);
  await model.release();
});

Deno.test("detectFaces() finds nothing in a flat grey image or above score 1", async () => {
  const model = await OnnxModel.load(MODEL, { threads: 1 });
  const grey = rgbImage(160, 120, new Uint8Array(160 * 120 * 3).fill(128));
  assert.deepEqual(await detectFaces(model, grey), []);
  const img = await decodeImage(`${PHOTOS}John_Simm/000288_00470387.jpg`);
  assert.deepEqual(await detectFaces(model, img, { scoreThreshold: 1.01 }), []);
  await model.release();
});

Deno.test("detectFaces() rejects an empty image", async () => {
  const model = await OnnxModel.load(MODEL, { threads: 1 });
  await assert.rejects(() => detectFaces(model, rgbImage(0, 0)), {
    name: "RangeError",
    message: "Cannot detect faces in a 0×0 image: it is empty",
  });
  await model.release();
});

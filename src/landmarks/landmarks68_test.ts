import assert from "node:assert/strict";
import { decodeImage } from "../images/mod.ts";
import { OnnxModel } from "../onnx/mod.ts";
import { detectFaces } from "./detect.ts";
import { FACEPLUGIN_MODEL_DIR } from "./face_landmarker.ts";
import { _landmarkCrop, landmarks68, to5Points } from "./landmarks68.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const PHOTOS = `${ROOT}fixtures/johns/photos/`;

interface Reference {
  dlibChip5Points: number[];
  meanHaarEyes: number[];
  photos: { file: string; haarEyes: number[] | null }[];
}

Deno.test("to5Points() averages the eye contours and picks nose and mouth corners", () => {
  const l68 = new Float32Array(136);
  for (let k = 0; k < 68; k++) {
    l68[2 * k] = k;
    l68[2 * k + 1] = 1000 + k * k;
  }
  // By hand: points 36..41 have x mean 38.5 and k² sum 8911 (mean 1485 + 1/6); points 42..47
  // have x mean 44.5 and k² sum 11899 (mean 1983 + 1/6); nose 30 → (30, 1900); mouth
  // corners 48 → (48, 3304) and 54 → (54, 3916).
  const expected = [38.5, 2485 + 1 / 6, 44.5, 2983 + 1 / 6, 30, 1900, 48, 3304, 54, 3916];
  const got = to5Points(l68);
  assert.equal(got.length, 10);
  expected.forEach((v, i) => assert.ok(Math.abs(got[i]! - v) < 1e-3, `${i}: ${got[i]} vs ${v}`));
});

Deno.test("to5Points() rejects a vector that is not 68 points", () => {
  assert.throws(() => to5Points(new Float32Array(10)), {
    name: "TypeError",
    message: "Cannot reduce landmarks to 5 points from 10 values: expected 136 (68 x, y pairs)",
  });
});

Deno.test("_landmarkCrop() keeps an inside box and shifts one that sticks out", () => {
  assert.deepEqual(_landmarkCrop(150, 150, [10.7, 20.2, 110.9, 120.5]), {
    x: 10,
    y: 20,
    width: 100,
    height: 100,
  });
  // Sticks out on the right by 20 px: moved left, same size.
  assert.deepEqual(_landmarkCrop(150, 150, [69, 10, 169, 110]), {
    x: 49,
    y: 10,
    width: 100,
    height: 100,
  });
  assert.throws(() => _landmarkCrop(150, 150, [5, 5, 5.5, 50]), {
    name: "RangeError",
    message: "Cannot crop landmarks from box [5, 5, 5.5, 50]: it is 0×45 pixels",
  });
});

Deno.test("landmarks68() on the 55 dlib chips matches dlib's mean face and Haar eyes", async () => {
  const ref: Reference = JSON.parse(
    await Deno.readTextFile(`${ROOT}fixtures/landmarks/reference.json`),
  );
  const dir = `${ROOT}${FACEPLUGIN_MODEL_DIR}/`;
  const detector = await OnnxModel.load(`${dir}fr_detect.onnx`, { threads: 1 });
  const model = await OnnxModel.load(`${dir}fr_landmark.onnx`, { threads: 1 });
  const sum = new Float64Array(10);
  const haarSum = new Float64Array(4), oursAtHaar = new Float64Array(4);
  let within8 = 0, total = 0, haarCount = 0;
  for (const photo of ref.photos) {
    const img = await decodeImage(PHOTOS + photo.file);
    const face = (await detectFaces(detector, img))[0];
    assert.ok(face !== undefined, `no face in ${photo.file}`);
    const p5 = to5Points(await landmarks68(model, img, face.box));
    for (let k = 0; k < 5; k++) {
      const d = Math.hypot(
        p5[2 * k]! - ref.dlibChip5Points[2 * k]!,
        p5[2 * k + 1]! - ref.dlibChip5Points[2 * k + 1]!,
      );
      assert.ok(d < 20, `${photo.file} point ${k} is ${d.toFixed(1)} px from dlib's mean face`);
      if (d < 8) within8++;
      total++;
    }
    p5.forEach((v, i) => sum[i]! += v);
    if (photo.haarEyes !== null) {
      haarCount++;
      for (let i = 0; i < 4; i++) {
        haarSum[i]! += photo.haarEyes[i]!;
        oursAtHaar[i]! += p5[i]!;
      }
    }
  }
  assert.equal(total, 275);
  assert.ok(within8 / total >= 0.9, `${within8}/${total} points within 8 px`);
  for (let i = 0; i < 10; i++) {
    const mean = sum[i]! / ref.photos.length;
    assert.ok(Math.abs(mean - ref.dlibChip5Points[i]!) < 4, `mean ${i}: ${mean}`);
  }
  for (let i = 0; i < 4; i++) {
    const diff = oursAtHaar[i]! / haarCount - haarSum[i]! / haarCount;
    assert.ok(Math.abs(diff) < 4, `eye coordinate ${i} differs from Haar by ${diff}`);
  }
  await detector.release();
  await model.release();
});

import assert from "node:assert/strict";
import { decodeImage, rgbImage } from "../images/mod.ts";
import { FaceLandmarker } from "./face_landmarker.ts";

const JOHNS = new URL("../../fixtures/johns/", import.meta.url).pathname;

Deno.test("FaceLandmarker.locate() gives the best face's five points in ArcFace order", async () => {
  const landmarker = await FaceLandmarker.load({ threads: 1 });
  const face = await landmarker.locate(
    await decodeImage(`${JOHNS}photos/John_Shimkus/000373_03228153.jpg`),
  );
  assert.ok(face !== null);
  const p = face.points5;
  assert.equal(p.length, 10);
  assert.ok(p[0]! < p[2]!, "left eye is left of the right eye");
  assert.ok(p[6]! < p[8]!, "left mouth corner is left of the right one");
  assert.ok(p[5]! > p[1]! && p[7]! > p[5]!, "eyes above nose above mouth");
  for (let i = 0; i < 10; i += 2) assert.ok(p[i]! >= face.box[0] && p[i]! <= face.box[2]);
  await landmarker.release();
});

Deno.test("FaceLandmarker.locate() returns null without a face", async () => {
  const landmarker = await FaceLandmarker.load({ threads: 1 });
  const grey = rgbImage(200, 200, new Uint8Array(200 * 200 * 3).fill(90));
  assert.equal(await landmarker.locate(grey), null);
  await landmarker.release();
});

Deno.test("FaceLandmarker.locate() reproduces the committed demo landmarks", async () => {
  const landmarker = await FaceLandmarker.load({ threads: 1 });
  const rows = (await Deno.readTextFile(`${JOHNS}meta/demo_name_5pts_score.txt`)).trim()
    .split("\n").map((line) => line.split(" "));
  const sources = new Map(
    (await Deno.readTextFile(`${JOHNS}landmark_source.txt`)).trim().split("\n")
      .map((line) => line.split(" ") as [string, string]),
  );
  let checked = 0;
  for (const row of rows.slice(0, 12)) {
    const name = row[0]!;
    const face = await landmarker.locate(await decodeImage(`${JOHNS}loose_crop/${name}`));
    if (sources.get(name) === "fallback") {
      assert.equal(face, null, `${name} is a fallback row but a face is found`);
      continue;
    }
    assert.ok(face !== null, name);
    for (let i = 0; i < 10; i++) {
      assert.ok(Math.abs(face.points5[i]! - Number(row[1 + i])) < 0.01, `${name} value ${i}`);
    }
    assert.ok(Math.abs(face.score - Number(row[11])) < 0.001, `${name} score`);
    checked++;
  }
  assert.ok(checked >= 6, `${checked} detected crops checked`);
  await landmarker.release();
});

Deno.test("FaceLandmarker.load() names a missing model file", async () => {
  await assert.rejects(() => FaceLandmarker.load({ modelDir: "/nonexistent/models" }), {
    name: "NotFound",
    message:
      "Cannot load face model /nonexistent/models/fr_detect.onnx: the file does not exist (the harness ships faceplugin's models in models/faceplugin/)",
  });
});

import assert from "node:assert/strict";
import { expectedDecodes, fixturePath, sha256 } from "./_reference.ts";
import { decodeImage, decodeImageBytes, encodePng } from "./decode.ts";
import { ImageError, type ImageErrorReason } from "./image_error.ts";
import { rgbImage } from "./rgb_image.ts";

Deno.test("decodeImage() returns cv2.imread's pixels in RGB order", async (t) => {
  const expected = expectedDecodes();
  const cases: [string, string][] = [
    ["rgb.jpg", "colour JPEG"],
    ["grey.jpg", "greyscale JPEG replicated to RGB"],
    ["grey.png", "greyscale PNG"],
    ["cmyk.jpg", "CMYK JPEG through OpenCV's formula"],
    ["rgba.png", "PNG with alpha, alpha dropped"],
    ["rgb16.png", "16-bit PNG, high byte kept"],
    ["grey16.png", "16-bit greyscale PNG"],
    ["orient6.jpg", "EXIF orientation 6 applied"],
    ["truncated.jpg", "JPEG cut short, the rest grey-filled as libjpeg does"],
  ];
  for (const [name, label] of cases) {
    await t.step(`${name}: ${label}`, async () => {
      const want = expected[name];
      assert.ok(want, `${name} has an OpenCV reference`);
      const img = await decodeImage(fixturePath(`images/${name}`));
      assert.equal(img.width, want.width);
      assert.equal(img.height, want.height);
      const sums = [0, 0, 0];
      img.data.forEach((v, i) => sums[i % 3]! += v);
      assert.deepEqual(sums, want.sum_rgb);
      assert.equal(await sha256(img.data), want.sha256_rgb);
      assert.equal(img.truncated, name === "truncated.jpg");
    });
  }
});

async function assertImageError(
  path: string,
  reason: ImageErrorReason,
  message: string,
): Promise<void> {
  const error = await decodeImage(path).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ImageError, `${path} throws an ImageError`);
  assert.equal(error.reason, reason);
  assert.equal(error.path, path);
  assert.equal(error.message, message);
}

Deno.test("decodeImage() reports unreadable images with a reason", async (t) => {
  const expected = expectedDecodes();
  await t.step("missing file", async () => {
    const path = fixturePath("images/no_such.jpg");
    await assertImageError(path, "missing", `Cannot decode ${path} as it does not exist`);
  });
  await t.step("empty file", async () => {
    assert.equal(expected["empty.jpg"], null);
    const path = fixturePath("images/empty.jpg");
    await assertImageError(path, "empty", `Cannot decode ${path} as it has 0 bytes`);
  });
  await t.step("random bytes", async () => {
    assert.equal(expected["random.jpg"], null);
    const path = fixturePath("images/random.jpg");
    await assertImageError(
      path,
      "corrupt",
      `Cannot decode ${path} as it is corrupt: Input buffer contains unsupported image format`,
    );
  });
  await t.step("vector image", async () => {
    assert.equal(expected["vector.svg"], null);
    const path = fixturePath("images/vector.svg");
    await assertImageError(
      path,
      "unsupported",
      `Cannot decode ${path} as it is in svg format: expected a raster image`,
    );
  });
  await t.step("other I/O errors are not image errors", async () => {
    const error = await decodeImage(fixturePath("images")).then(() => undefined, (e) => e);
    assert.ok(error instanceof Error && !(error instanceof ImageError));
  });
});

Deno.test("decodeImageBytes() names the bytes in errors", async () => {
  const error = await decodeImageBytes(new Uint8Array(0), { name: "upload" }).catch((e) => e);
  assert.ok(error instanceof ImageError);
  assert.equal(error.message, "Cannot decode upload as it has 0 bytes");
  assert.equal(error.path, "upload");
});

Deno.test("encodePng() round-trips through decodeImageBytes()", async () => {
  const data = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 53 + 7) % 256);
  const png = await encodePng(rgbImage(5, 3, data));
  assert.deepEqual(Array.from(png.subarray(1, 4)), [0x50, 0x4e, 0x47]);
  const back = await decodeImageBytes(png);
  assert.equal(back.width, 5);
  assert.equal(back.height, 3);
  assert.deepEqual(back.data, data);
});

Deno.test("decodeImage() decodes a truncated face JPEG exactly as cv2.imread", async (t) => {
  const reference = JSON.parse(
    await Deno.readTextFile(fixturePath("images/truncated_expected.json")),
  ) as { files: Record<string, { width: number; height: number; sha256_rgb: string } | null> };
  for (const name of ["truncated_face_40.jpg", "truncated_face_75.jpg"]) {
    await t.step(name, async () => {
      const want = reference.files[name]!;
      const img = await decodeImage(fixturePath(`images/${name}`));
      assert.deepEqual([img.width, img.height, img.truncated], [want.width, want.height, true]);
      assert.equal(await sha256(img.data), want.sha256_rgb);
    });
  }
  await t.step("a truncated PNG, which OpenCV cannot read, is corrupt", async () => {
    assert.equal(reference.files["truncated_face.png"], null);
    const path = fixturePath("images/truncated_face.png");
    const error = await decodeImage(path).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ImageError);
    assert.equal(error.reason, "corrupt");
  });
  await t.step("an intact JPEG is not flagged", async () => {
    assert.equal((await decodeImage(fixturePath("johns/loose_crop/1.jpg"))).truncated, false);
  });
});

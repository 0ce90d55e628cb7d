import assert from "node:assert/strict";
import {
  checkFingerprint,
  imageSizesSha256,
  readFingerprinted,
  statImages,
} from "./image_fingerprint.ts";

// SHA-256 values from Python's hashlib: sha256(b"abc"), sha256(b"3\n-1\n").
const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const SIZES = "44afc78e43fa3ec801952ecfc03e3c16f98bd6560212f3f9f61f0e4649af506f";

Deno.test("readFingerprinted() and checkFingerprint() tell same, moved and changed files", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/a.jpg`;
    await Deno.writeTextFile(path, "abc");
    const { bytes, fingerprint } = await readFingerprinted(path);
    assert.deepEqual([bytes.length, fingerprint.size, fingerprint.sha256], [3, 3, ABC]);
    const check = async () =>
      await checkFingerprint(path, (await statImages([path]))[0]!, fingerprint);
    await t.step("untouched: trusted without reading", async () => {
      assert.deepEqual(await check(), { state: "same" });
    });
    await t.step("touched, same bytes: moved, with the new time", async () => {
      const later = new Date(fingerprint.mtimeMs! + 5000);
      await Deno.utime(path, later, later);
      const got = await check();
      assert.equal(got.state, "moved");
      assert.deepEqual(got.state === "moved" && got.fingerprint, {
        ...fingerprint,
        mtimeMs: later.getTime(),
      });
    });
    await t.step("same size, other bytes: changed", async () => {
      await Deno.writeTextFile(path, "abd");
      assert.deepEqual(await check(), { state: "changed" });
    });
    await t.step("gone, or nothing recorded: changed", async () => {
      assert.deepEqual(await checkFingerprint(path, null, fingerprint), { state: "changed" });
      const info = await Deno.stat(path);
      assert.deepEqual(await checkFingerprint(path, info, null), { state: "changed" });
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("statImages() gives null for a missing file and imageSizesSha256() hashes the sizes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/a`, "abc");
    const infos = await statImages([`${dir}/a`, `${dir}/none`]);
    assert.deepEqual(infos.map((i) => i?.size ?? null), [3, null]);
    assert.equal(await imageSizesSha256(infos), SIZES);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

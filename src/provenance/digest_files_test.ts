import assert from "node:assert/strict";
import { digestFilesInBackground } from "./digest_files.ts";

Deno.test("digestFilesInBackground() hashes on a worker, in order, like WebCrypto", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = [`${dir}/a.bin`, `${dir}/b.txt`];
    const a = new Uint8Array(5_000_000).map((_, i) => (i * 31) & 255);
    await Deno.writeFile(files[0]!, a);
    await Deno.writeTextFile(files[1]!, "1 2 1\n");
    const got = await digestFilesInBackground(files);
    const hex = async (bytes: Uint8Array<ArrayBuffer>) =>
      [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
        .map((b) => b.toString(16).padStart(2, "0")).join("");
    assert.deepEqual(got, [
      { path: files[0], bytes: a.length, sha256: await hex(a) },
      { path: files[1], bytes: 6, sha256: await hex(new TextEncoder().encode("1 2 1\n")) },
    ]);
    await assert.rejects(digestFilesInBackground([`${dir}/missing.npy`]), /missing\.npy/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

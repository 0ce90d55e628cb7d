import assert from "node:assert/strict";
import { digestFile } from "./digest_file.ts";

Deno.test("digestFile() streams SHA-256 and matches WebCrypto", async () => {
  const dir = await Deno.makeTempDir();
  const bytes = new Uint8Array(5_000_000).map((_, i) => (i * 31) & 255);
  await Deno.writeFile(`${dir}/x.bin`, bytes);
  const seen: number[] = [];
  const digest = await digestFile(`${dir}/x.bin`, { onProgress: (done) => seen.push(done) });
  const expected = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  assert.deepEqual(digest, { path: `${dir}/x.bin`, bytes: 5_000_000, sha256: expected });
  assert.equal(seen.at(-1), 5_000_000);
  await Deno.remove(dir, { recursive: true });
});

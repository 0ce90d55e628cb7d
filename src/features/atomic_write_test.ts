import assert from "node:assert/strict";
import { atomicWriteFile } from "./atomic_write.ts";

async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function names(dir: string): string[] {
  return Array.from(Deno.readDirSync(dir), (e) => e.name).sort();
}

Deno.test("atomicWriteFile() writes strings, bytes and chunks, leaving no temporary file", async () => {
  await inTempDir(async (dir) => {
    await atomicWriteFile(`${dir}/a.txt`, "héllo");
    assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "héllo");
    await atomicWriteFile(`${dir}/a.txt`, Uint8Array.of(1, 2, 3));
    assert.deepEqual(await Deno.readFile(`${dir}/a.txt`), Uint8Array.of(1, 2, 3));
    await atomicWriteFile(`${dir}/b.bin`, [
      Uint8Array.of(1),
      new Uint8Array(0),
      Uint8Array.of(2, 3),
    ]);
    assert.deepEqual(await Deno.readFile(`${dir}/b.bin`), Uint8Array.of(1, 2, 3));
    assert.deepEqual(names(dir), ["a.txt", "b.bin"]);
  });
});

Deno.test("atomicWriteFile() removes its temporary file when the rename fails", async () => {
  await inTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/target`);
    await Deno.writeTextFile(`${dir}/target/keep`, "x");
    await assert.rejects(atomicWriteFile(`${dir}/target`, "data"), Error);
    assert.deepEqual(names(dir), ["target"]);
    await assert.rejects(atomicWriteFile(`${dir}/missing/f.txt`, "data"), Deno.errors.NotFound);
    assert.deepEqual(names(dir), ["target"]);
  });
});

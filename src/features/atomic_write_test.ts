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
    const error = await atomicWriteFile(`${dir}/missing/f.txt`, "data").catch((e: Error) => e);
    assert.ok(error instanceof Error && error.cause instanceof Deno.errors.NotFound);
    assert.match(error.message, new RegExp(`^Cannot write ${dir}/missing/f.txt: `));
    assert.deepEqual(names(dir), ["target"]);
  });
});

Deno.test("atomicWriteFile() rethrows an error of the chunk source unchanged", async () => {
  await inTempDir(async (dir) => {
    async function* chunks() {
      yield Uint8Array.of(1);
      throw new RangeError("bad chunk");
    }
    await assert.rejects(atomicWriteFile(`${dir}/a.bin`, chunks()), new RangeError("bad chunk"));
    assert.deepEqual(names(dir), []);
  });
});

Deno.test("atomicWriteFile() names the file when it cannot create it", async () => {
  if (Deno.build.os !== "linux") return;
  const error = await atomicWriteFile("/dev/full/x", "data").catch((e: Error) => e);
  assert.ok(error instanceof Error);
  assert.match(error.message, /^Cannot write \/dev\/full\/x: /);
});

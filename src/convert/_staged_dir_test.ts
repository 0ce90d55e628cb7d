import assert from "node:assert/strict";
import { _writeStaged } from "./_staged_dir.ts";
import { _listDir } from "./_test_checkpoints.ts";

async function _withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "staged_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("_writeStaged() creates the directory in one step, meta.json last", async () => {
  await _withTemp(async (dir) => {
    const seen: string[][] = [];
    const files = await _writeStaged(`${dir}/a/b`, async (staging) => {
      seen.push(await _listDir(`${dir}/a`));
      await Deno.writeTextFile(`${staging}/meta.json`, "{}");
      await Deno.writeTextFile(`${staging}/z.onnx`, "z");
    });
    assert.deepEqual(files, [`${dir}/a/b/z.onnx`, `${dir}/a/b/meta.json`]);
    assert.equal(seen[0]!.length, 1);
    assert.match(seen[0]![0]!, /^\.b\.tmp-/);
    assert.deepEqual(await _listDir(`${dir}/a`), ["b"]);
  });
});

Deno.test("_writeStaged() replaces files in an existing directory and keeps the others", async () => {
  await _withTemp(async (dir) => {
    await Deno.writeTextFile(`${dir}/meta.json`, "old");
    await Deno.writeTextFile(`${dir}/keep.txt`, "keep");
    await _writeStaged(dir, async (staging) => {
      await Deno.writeTextFile(`${staging}/meta.json`, "new");
    });
    assert.equal(await Deno.readTextFile(`${dir}/meta.json`), "new");
    assert.deepEqual(await _listDir(dir), ["keep.txt", "meta.json"]);
  });
});

Deno.test("_writeStaged() leaves nothing behind when writing fails", async () => {
  await _withTemp(async (dir) => {
    await assert.rejects(
      _writeStaged(`${dir}/m`, async (staging) => {
        await Deno.writeTextFile(`${staging}/cluster.onnx`, "half");
        throw new RangeError("boom");
      }),
      new RangeError("boom"),
    );
    assert.deepEqual(await _listDir(dir), []);
  });
});

Deno.test("_writeStaged() refuses a path that is a file", async () => {
  await _withTemp(async (dir) => {
    await Deno.writeTextFile(`${dir}/m`, "");
    await assert.rejects(
      _writeStaged(`${dir}/m`, () => Promise.resolve()),
      new TypeError(`Cannot write a model directory to ${dir}/m as it is a file`),
    );
    assert.deepEqual(await _listDir(dir), ["m"]);
  });
});

import assert from "node:assert/strict";
import { LockedError } from "../features/mod.ts";
import { StagedFolder } from "./staged_folder.ts";

const names = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

Deno.test("StagedFolder replaces the whole target, never mixing two runs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await StagedFolder.begin(`${dir}/out`);
    await Deno.writeTextFile(`${first.staging}/metrics.json`, "1");
    await Deno.writeTextFile(`${first.staging}/roc.svg`, "1");
    await first.publish();
    const second = await StagedFolder.begin(`${dir}/out`);
    await Deno.writeTextFile(`${second.staging}/metrics.json`, "2");
    await second.publish();
    assert.deepEqual(names(`${dir}/out`), ["metrics.json"]);
    assert.deepEqual(names(dir), ["out"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("StagedFolder.abandon() leaves the previous run as it was", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/out/metrics.json`, "old");
    const failed = await StagedFolder.begin(`${dir}/out`);
    await Deno.writeTextFile(`${failed.staging}/table.md`, "new");
    await failed.abandon();
    assert.deepEqual(names(`${dir}/out`), ["metrics.json"]);
    assert.equal(await Deno.readTextFile(`${dir}/out/metrics.json`), "old");
    assert.deepEqual(names(dir), ["out"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("StagedFolder.begin() stops a second writer of the same target", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await StagedFolder.begin(`${dir}/out`, { purpose: "eval ijbb" });
    await assert.rejects(() => StagedFolder.begin(`${dir}/out`), LockedError, "(eval ijbb)");
    await first.abandon();
    await (await StagedFolder.begin(`${dir}/out`)).abandon();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("StagedFolder.begin() refuses to replace a folder that is not a report", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/notes.txt`, "mine");
    await assert.rejects(
      () => StagedFolder.begin(dir),
      Error,
      `Cannot write a report to ${dir} as it is a folder with other files and no metrics.json`,
    );
    assert.deepEqual(names(dir), ["notes.txt"]);
    await Deno.writeTextFile(`${dir}/file`, "");
    await assert.rejects(() => StagedFolder.begin(`${dir}/file`), Error, "is not a folder");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("StagedFolder.begin() removes what a crashed writer left beside the target", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.out.tmp-1-aa`);
    await Deno.mkdir(`${dir}/.out.old-1-bb`);
    await Deno.writeTextFile(`${dir}/.out.old-1-bb/metrics.json`, "old");
    await Deno.mkdir(`${dir}/.other.tmp-1-cc`);
    const folder = await StagedFolder.begin(`${dir}/out`);
    await folder.abandon();
    assert.deepEqual(names(dir), [".other.tmp-1-cc"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

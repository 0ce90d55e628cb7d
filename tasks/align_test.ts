import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";
import { alignFace, decodeImage } from "../src/images/mod.ts";
import { _johnsRows, _writeDemoMeta } from "../src/extract/_test_data.ts";

Deno.test("align task: writes each aligned crop as PNG under its name and lists failures", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const johns = (await _johnsRows()).slice(0, 2);
    await _writeDemoMeta(dir, [...johns, {
      name: "images/missing.jpg",
      landmarks: johns[0]!.landmarks,
    }]);
    const run = await runTask("tasks/align.ts", [
      "--data",
      dir,
      "--images",
      "fixtures",
      "--out",
      `${dir}/out`,
      "--quiet",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `wrote 2 crops to ${dir}/out (1 skipped)\n`);
    for (const row of johns) {
      const crop = await decodeImage(`${dir}/out/${row.name.replace(/\.jpg$/, ".png")}`);
      const want = alignFace(
        await decodeImage(`fixtures/${row.name}`),
        Float32Array.from(row.landmarks),
      );
      assert.deepEqual([crop.width, crop.height], [112, 112]);
      assert.deepEqual(crop.data, want.data);
    }
    const failures = JSON.parse(await Deno.readTextFile(`${dir}/out/failures.json`));
    assert.deepEqual(failures.map((f: { row: number; reason: string }) => [f.row, f.reason]), [[
      2,
      "missing",
    ]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("align task: refuses image names that leave --out, naming the file and line", async (t) => {
  for (const bad of ["../../outside/x.jpg", "/tmp/abs.jpg", "a/../../x.jpg"]) {
    await t.step(bad, async () => {
      const dir = await Deno.makeTempDir();
      try {
        const johns = (await _johnsRows()).slice(0, 2);
        await _writeDemoMeta(dir, [...johns, { name: bad, landmarks: johns[0]!.landmarks }]);
        await Deno.mkdir(`${dir}/deep/er`, { recursive: true });
        const run = await runTask("tasks/align.ts", [
          "--data",
          dir,
          "--images",
          "fixtures",
          "--out",
          `${dir}/deep/er/out`,
          "--quiet",
        ]);
        assert.equal(run.code, 1);
        assert.match(
          run.stderr,
          new RegExp(
            `^error: Cannot use the image name ".*" \\(${dir}/meta/demo_face_tid_mid\\.txt line 3\\) as an output path: it leaves the output folder`,
          ),
        );
        assert.deepEqual([...Deno.readDirSync(`${dir}/deep/er`)], []);
        assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["deep", "meta"]);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
});

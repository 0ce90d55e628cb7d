import assert from "node:assert/strict";
import {
  _BAD_ROWS,
  _blurFile,
  _johnsRows,
  _linearBackbone,
  _random,
  _writeDemoMeta,
} from "../src/extract/_test_data.ts";
import { runTask } from "./_run_task.ts";

const FR_FEATURE = "models/faceplugin/fr_feature.onnx";

async function _completeShards(store: string): Promise<number> {
  try {
    return (await Array.fromAsync(Deno.readDir(`${store}/shards`))).filter((e) =>
      e.name.endsWith(".json")
    ).length;
  } catch {
    return 0;
  }
}

Deno.test("extract task: kill -9 at random moments then rerun gives the uninterrupted bytes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const johns = await _johnsRows();
    await _writeDemoMeta(dir, [...johns, ...johns]); // 110 rows of real photos
    const args = (out: string) => [
      "demo",
      "--data",
      dir,
      "--images",
      "fixtures",
      "--backbone",
      FR_FEATURE,
      "--preset",
      "mobilefacenet",
      "--out",
      out,
      "--shard-rows",
      "5",
      "--threads",
      "1",
      "--workers",
      "1",
      "--quiet",
    ];
    const clean = await runTask("tasks/extract.ts", args(`${dir}/clean`));
    assert.equal(clean.code, 0, clean.stderr);
    const next = _random(20261127);
    let kills = 0;
    for (let attempt = 0; attempt < 6; attempt++) {
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "tasks/extract.ts", ...args(`${dir}/killed`)],
        env: { RUST_BACKTRACE: "0" },
        stdout: "null",
        stderr: "null",
      }).spawn();
      const before = await _completeShards(`${dir}/killed`);
      let exited = false;
      child.status.then(() => exited = true);
      // Wait for at least one new shard, then kill at a random moment soon after.
      while (!exited && (await _completeShards(`${dir}/killed`)) <= before) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, Math.floor((next() + 1) * 100)));
      if (exited) break;
      child.kill("SIGKILL");
      const status = await child.status;
      if (status.signal === "SIGKILL") kills++;
    }
    assert.ok(kills >= 3, `killed ${kills} times`);
    const resumed = await runTask("tasks/extract.ts", args(`${dir}/killed`));
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /wrote .*features\.npy \(110 rows, 0 NaN\)/);
    const a = await Deno.readFile(`${dir}/clean/features.npy`);
    const b = await Deno.readFile(`${dir}/killed/features.npy`);
    assert.equal(a.length, 128 + 110 * 512 * 4);
    assert.deepEqual(b, a);
    // Rows 55..109 repeat rows 0..54: nothing lost, repeated or shifted.
    const rows = new Float32Array(a.slice(128).buffer);
    assert.deepEqual(rows.subarray(55 * 512), rows.subarray(0, 55 * 512));
    const names = (await Array.fromAsync(Deno.readDir(`${dir}/killed/shards`))).map((e) => e.name);
    assert.equal(names.length, 44, names.join(" "));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extract task: --shard 0/2 and 1/2 then merge equals a single run, byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await _writeDemoMeta(dir, await _johnsRows());
    await Deno.writeFile(`${dir}/m.onnx`, _linearBackbone({ dim: 16, styleDim: 4 }).bytes);
    const common = (out: string, ...more: string[]) => [
      "--data",
      dir,
      "--images",
      "fixtures",
      "--backbone",
      `${dir}/m.onnx`,
      "--style-output",
      "style",
      "--batch",
      "5",
      "--shard-rows",
      "8",
      "--quiet",
      "--out",
      out,
      ...more,
    ];
    const single = await runTask("tasks/extract.ts", common(`${dir}/single`));
    assert.equal(single.code, 0, single.stderr);
    for (const shard of ["0/2", "1/2"]) {
      const part = await runTask(
        "tasks/extract.ts",
        common(`${dir}/p${shard[0]}`, "--shard", shard),
      );
      assert.equal(part.code, 0, part.stderr);
      assert.match(part.stdout, new RegExp(`part ${shard} is complete`));
    }
    const incomplete = await runTask("tasks/merge.ts", [`${dir}/p1`, "--out", `${dir}/merged`]);
    assert.equal(incomplete.code, 1);
    assert.equal(incomplete.stderr, "error: Cannot merge feature stores as part 0/2 is missing\n");
    const merged = await runTask("tasks/merge.ts", [
      `${dir}/p1`,
      `${dir}/p0`,
      "--out",
      `${dir}/merged`,
      "--quiet",
    ]);
    assert.equal(merged.code, 0, merged.stderr);
    for (const file of ["features.npy", "style.npy"]) {
      assert.deepEqual(
        await Deno.readFile(`${dir}/merged/${file}`),
        await Deno.readFile(`${dir}/single/${file}`),
      );
    }
    const refused = await runTask("tasks/extract.ts", common(`${dir}/single`, "--colour", "rgb"));
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr,
      `error: Cannot reuse feature store ${dir}/single: preprocess.colour is "bgr" there, "rgb" here; use another --out or delete it\n`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extract task: bad images are skipped with reasons or stop the run with --on-error fail", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const johns = (await _johnsRows()).slice(0, 3);
    const flat = { name: johns[0]!.name, landmarks: Array(10).fill(20) };
    await _writeDemoMeta(dir, [...johns, ..._BAD_ROWS, flat]);
    await Deno.writeFile(`${dir}/m.onnx`, _linearBackbone().bytes);
    const common = [
      "--data",
      dir,
      "--images",
      "fixtures",
      "--backbone",
      `${dir}/m.onnx`,
      "--quiet",
    ];
    const skipped = await runTask("tasks/extract.ts", [...common, "--out", `${dir}/s`]);
    assert.equal(skipped.code, 0, skipped.stderr);
    const record = JSON.parse(await Deno.readTextFile(`${dir}/s/shards/0.json`));
    assert.deepEqual(
      record.failures.map((f: { row: number; reason: string }) => [f.row, f.reason]),
      [[3, "missing"], [4, "empty"], [5, "corrupt"], [7, "unsupported"], [12, "landmarks"]],
    );
    assert.match(
      skipped.stdout,
      /warning: 1 truncated image\(s\), decoded partially as OpenCV does: row 6 images\/truncated\.jpg\n/,
    );
    assert.match(
      skipped.stdout,
      /warning: 5 image\(s\) much smaller than the backbone input: row 6 images\/truncated\.jpg, row 8 /,
    );
    const values = new Float32Array(
      (await Deno.readFile(`${dir}/s/features.npy`)).slice(128).buffer,
    );
    const nanRows = Array.from({ length: 13 }, (_, r) => r).filter((r) =>
      Number.isNaN(values[r * 8])
    );
    assert.deepEqual(nanRows, [3, 4, 5, 7, 12]);
    const rerun = await runTask("tasks/extract.ts", [...common, "--out", `${dir}/s`]);
    assert.match(rerun.stdout, /^extracted 5 of 13 rows .*\nretried 5 rows that had failed\n/);
    const failed = await runTask("tasks/extract.ts", [
      ...common,
      "--out",
      `${dir}/f`,
      "--on-error",
      "fail",
    ]);
    assert.equal(failed.code, 1);
    assert.equal(
      failed.stderr,
      "error: Cannot extract features as image images/missing.jpg (row 3) is unusable: missing (Cannot decode fixtures/images/missing.jpg as it does not exist)\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extract task: two processes on one store compute each row once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await _writeDemoMeta(dir, await _johnsRows());
    await Deno.writeFile(`${dir}/m.onnx`, _linearBackbone().bytes);
    const args = ["--data", dir, "--images", "fixtures", "--backbone", `${dir}/m.onnx`];
    const run = () => runTask("tasks/extract.ts", [...args, "--out", `${dir}/s`, "--quiet"]);
    const [a, b] = await Promise.all([run(), run()]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const computed = [a, b].map((r) => Number(/^extracted (\d+) of 55/.exec(r.stdout)?.[1]));
    assert.deepEqual(computed.sort((x, y) => x - y), [0, 55]);
    assert.match(
      a.stdout + b.stdout,
      new RegExp(`reused all 55 rows of ${dir}/s: their images are unchanged`),
    );
    const single = await runTask("tasks/extract.ts", [...args, "--out", `${dir}/t`, "--quiet"]);
    assert.equal(single.code, 0, single.stderr);
    assert.deepEqual(
      await Deno.readFile(`${dir}/s/features.npy`),
      await Deno.readFile(`${dir}/t/features.npy`),
    );
    await assert.rejects(Deno.stat(`${dir}/s/.lock`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("eval task: a blurred copy of the demo data is extracted again and scores lower", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/blurred/meta`, { recursive: true });
    await Deno.mkdir(`${dir}/blurred/loose_crop`);
    for (const e of Deno.readDirSync("fixtures/johns/meta")) {
      await Deno.copyFile(`fixtures/johns/meta/${e.name}`, `${dir}/blurred/meta/${e.name}`);
    }
    for (const e of Deno.readDirSync("fixtures/johns/loose_crop")) {
      const path = `${dir}/blurred/loose_crop/${e.name}`;
      await Deno.copyFile(`fixtures/johns/loose_crop/${e.name}`, path);
      await _blurFile(path, 6);
    }
    const evaluate = (out: string, ...data: string[]) =>
      runTask("tasks/eval.ts", [
        "demo",
        ...data,
        "--store",
        `${dir}/store`,
        "--out",
        `${dir}/${out}`,
        "--no-png",
        "--threads",
        "1",
      ]);
    const clean = await evaluate("clean");
    assert.equal(clean.code, 0, clean.stderr);
    const blurred = await evaluate("blurred-report", "--data", `${dir}/blurred`);
    assert.equal(blurred.code, 0, blurred.stderr);
    assert.match(blurred.stderr, /re-extracted 55 rows whose image file changed/);
    const table = (out: string) => Deno.readTextFileSync(`${dir}/${out}/table.md`);
    const firstTar = (out: string) => table(out).match(/\| InsightFace \| +([\d.]+)/)?.[1];
    assert.equal(firstTar("clean"), "100.00");
    assert.notEqual(firstTar("blurred-report"), "100.00");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extract task: --prealigned resizes IJB-B/C crops into a store that records it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const extract = (out: string, ...more: string[]) =>
      runTask("tasks/extract.ts", ["demo", "--out", `${dir}/${out}`, "--threads", "1", ...more]);
    const resized = await extract("pre", "--prealigned");
    assert.equal(resized.code, 0, resized.stderr);
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/pre/manifest.json`));
    assert.deepEqual(manifest.input, {
      alignment: "prealigned",
      height: 112,
      width: 112,
      precision: "float32",
    });
    const warped = await extract("warped");
    assert.equal(warped.code, 0, warped.stderr);
    assert.notDeepEqual(
      await Deno.readFile(`${dir}/pre/features.npy`),
      await Deno.readFile(`${dir}/warped/features.npy`),
    );
    const mixed = await extract("pre");
    assert.equal(mixed.code, 1);
    assert.match(mixed.stderr, /input\.alignment is "prealigned" there, "warped" here/);
    const ijbs = await runTask("tasks/extract.ts", [
      "ijbs",
      "--data",
      dir,
      "--out",
      "x",
      "--prealigned",
    ]);
    assert.equal(ijbs.code, 2);
    assert.match(ijbs.stderr, /--prealigned on ijbs: its images are aligned crops, always resized/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extraction tasks print --help with their defaults and reject bad flags", async () => {
  for (const task of ["extract", "embed", "merge", "align"]) {
    const help = await runTask(`tasks/${task}.ts`, ["--help"]);
    assert.equal(help.code, 0, `${task}: ${help.stderr}`);
    assert.match(help.stdout, /Usage: deno task /);
    assert.match(help.stdout, /default/);
  }
  const bad = await runTask("tasks/extract.ts", ["--data", ".", "--out", "x", "--flip", "twice"]);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    'error: Cannot use --flip "twice": available are none, add, concat (see --help)\n',
  );
  const shard = await runTask("tasks/extract.ts", ["--data", ".", "--out", "x", "--shard", "2/2"]);
  assert.equal(shard.code, 2);
  assert.equal(
    shard.stderr,
    'error: Cannot use shard "2/2": expected i/N with 0 ≤ i < N, e.g. 0/4 (see --help)\n',
  );
});

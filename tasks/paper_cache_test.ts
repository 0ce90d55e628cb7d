/**
 * The paper cache and the feature store follow the code. Each change is planted in a copy
 * of the repository (the source, the fixtures the paper runs, `deno.lock`), never in this
 * tree: a metric module, a README line, a preprocessing module.
 */
import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

const COPIED = [
  "src",
  "tasks",
  "benchmarks",
  "tools/caface",
  "fixtures/caface",
  "models/faceplugin",
  "fixtures/johns",
  "fixtures/ijbs",
  "mod.ts",
  "deno.json",
  "deno.lock",
  "README.md",
];

Deno.test("paper task: a planted code change recomputes, a README edit does not", async (t) => {
  const root = await Deno.makeTempDir();
  try {
    for (const path of COPIED) {
      await Deno.mkdir(`${root}/${path.slice(0, path.lastIndexOf("/") + 1)}`, { recursive: true });
      const cp = await new Deno.Command("cp", { args: ["-r", path, `${root}/${path}`] }).output();
      assert.ok(cp.success, `cp ${path}`);
    }
    await Deno.symlink(`${Deno.cwd()}/node_modules`, `${root}/node_modules`);
    let run = 0;
    const paper = async () => {
      const r = await runTask("tasks/paper.ts", ["--no-png", "--quiet", "--out", `out${++run}`], {
        cwd: root,
      });
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    };
    const plant = async (file: string, from: string, to: string) => {
      const text = await Deno.readTextFile(`${root}/${file}`);
      assert.ok(text.includes(from), `${file} holds ${from}`);
      await Deno.writeTextFile(`${root}/${file}`, text.replace(from, to));
    };
    const store = `${root}/reports/stores/demo-fr_feature`;
    const first = await paper();
    assert.match(first, /\[2\/2\] IJB-S demo .*: evaluating into /);
    // The fixture's average Rank-1 on Surveillance-to-Single (fixtures/ijbs/reference.json).
    assert.match(first, /76\.00 \(70\.42, \+5\.58\)/);
    const features = await Deno.readFile(`${store}/features.npy`);
    const shard = (await Deno.stat(`${store}/shards/0.json`)).mtime;

    await t.step("a halved identification rate in src/metrics/cmc.ts", async () => {
      await plant(
        "src/metrics/cmc.ts",
        "curve[k - 1] = probes > 0 ? hits / probes : NaN;",
        "curve[k - 1] = probes > 0 ? hits / probes / 2 : NaN;",
      );
      const out = await paper();
      assert.match(
        out,
        /\[2\/2\] IJB-S demo .*: code changed: src\/metrics\/cmc\.ts; evaluating again into /,
      );
      assert.match(out, /38\.00 \(70\.42, −32\.42\)/);
      assert.doesNotMatch(out, /inputs and code unchanged|features extracted again/);
      // The metric is not preprocessing: the feature store is reused as it was.
      assert.deepEqual((await Deno.stat(`${store}/shards/0.json`)).mtime, shard);
    });

    await t.step("a README edit changes nothing", async () => {
      await Deno.writeTextFile(`${root}/README.md`, "\nOne more line.\n", { append: true });
      const out = await paper();
      assert.match(out, /\[1\/2\] .*: reused .* \(inputs and code unchanged\)/);
      assert.match(out, /\[2\/2\] .*: reused .* \(inputs and code unchanged\)/);
      assert.doesNotMatch(out, /code changed/);
      assert.match(out, /38\.00 \(70\.42, −32\.42\)/);
    });

    await t.step("a planted preprocessing change extracts the features again", async () => {
      await plant(
        "src/images/to_tensor.ts",
        "(crop.data[3 * p + from]! / scale - mu) / sigma;",
        "(crop.data[3 * p + from]! / scale - mu) / sigma / 2;",
      );
      const out = await paper();
      assert.match(
        out,
        /\[1\/2\] Demo .*: code changed: src\/images\/to_tensor\.ts; features extracted again/,
      );
      assert.match(out, /\[1\/2\] Demo .*: evaluating into /);
      assert.notDeepEqual(await Deno.readFile(`${store}/features.npy`), features);
      const manifest = JSON.parse(await Deno.readTextFile(`${store}/manifest.json`));
      assert.equal(manifest.format, 3);
      assert.deepEqual(manifest.input, {
        alignment: "warped",
        height: 112,
        width: 112,
        precision: "float32",
      });
      assert.ok("src/images/to_tensor.ts" in manifest.code.files);
      assert.ok(!("src/metrics/cmc.ts" in manifest.code.files));
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

import { DEFAULT_BACKBONE } from "./_extract_flags.ts";
import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";
import { readNpy } from "../src/features/mod.ts";

function run(task: string, args: string[]) {
  return runTask(`tasks/${task}.ts`, args);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** A copy of the demo protocol in a temp dir, with `edit` applied to one meta file. */
async function brokenDemo(file: string, edit: (text: string) => string | null): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/meta`);
  for await (const entry of Deno.readDir("fixtures/synthetic/meta")) {
    const text = await Deno.readTextFile(`fixtures/synthetic/meta/${entry.name}`);
    const changed = entry.name === file ? edit(text) : text;
    if (changed !== null) await Deno.writeTextFile(`${dir}/meta/${entry.name}`, changed);
  }
  return dir;
}

Deno.test("eval task runs the synthetic protocol and writes the whole report", async () => {
  const out = await Deno.makeTempDir();
  const result = await run("eval", ["synthetic", "--out", out, "--quiet", "--dump-templates"]);
  assert.equal(result.code, 0, result.stderr);
  // 2,232 pairs hold too few impostors for FAR 1e-6 … 1e-4: those cells carry the mark.
  assert.match(result.stdout, /\| InsightFace \| +90\.63† ± \d+\.\d\d \|/);
  assert.match(result.stdout, /^† FAR below 1\/impostors: with [\d,]+ impostor pairs/m);
  assert.match(result.stdout, /dropped 3 non-finite image rows \(NaN or Inf\)/);
  for (
    const name of [
      "metrics.json",
      "table.md",
      "table.csv",
      "table.tex",
      "roc.vl.json",
      "roc.svg",
      "roc.png",
      "cmc.png",
      "scores.png",
      "report.html",
      "templates_average.npy",
      "template_ids.txt",
    ]
  ) assert.ok(await exists(`${out}/${name}`), name);
  const metrics = JSON.parse(await Deno.readTextFile(`${out}/metrics.json`));
  assert.equal(metrics.dataset, "synthetic");
  assert.deepEqual(Object.keys(metrics.results[0].verification.tar_at_far), [
    "1e-6",
    "1e-5",
    "1e-4",
    "1e-3",
    "1e-2",
    "1e-1",
  ]);
  assert.equal(metrics.provenance.inputs.length, 7);
  assert.match(metrics.provenance.inputs[6].sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(metrics.provenance.models, []);
  assert.equal(metrics.provenance.deno, Deno.version.deno);
  assert.match(metrics.provenance.onnxruntime, /^\d+\.\d+\.\d+$/);
  assert.ok("commit" in metrics.provenance.git);
  await Deno.remove(out, { recursive: true });
});

Deno.test("eval task fails cleanly on bad input and writes no metrics.json", async (t) => {
  const cases: [string, string, (s: string) => string | null, string][] = [
    ["a missing meta file", "synthetic_1N_probe_mixed.csv", () => null, "Cannot find meta file"],
    [
      "rows of face_tid_mid and 5pts that disagree",
      "synthetic_name_5pts_score.txt",
      (s) => s.replace(/^3\.jpg/m, "x.jpg"),
      "line 3",
    ],
    [
      "a pair naming an unknown template",
      "synthetic_template_pair_label.txt",
      (s) => s.replace(/^1 101 1$/m, "1 99999 1"),
      "99999",
    ],
    [
      "a malformed number",
      "synthetic_face_tid_mid.txt",
      (s) => s.replace(/^2\.jpg 1 /m, "2.jpg 1x "),
      "synthetic_face_tid_mid.txt line 2",
    ],
  ];
  for (const [what, file, edit, message] of cases) {
    await t.step(what, async () => {
      const data = await brokenDemo(file, edit);
      const out = `${data}/out`;
      const result = await run("eval", [
        "synthetic",
        "--data",
        data,
        "--features",
        "fixtures/synthetic/features.npy",
        "--out",
        out,
        "--quiet",
      ]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^error: /);
      assert.ok(result.stderr.includes(message), result.stderr);
      assert.equal(await exists(`${out}/metrics.json`), false);
      await Deno.remove(data, { recursive: true });
    });
  }
});

/** A .npy file of `shape` and `descr` holding `data` (little-endian bytes). */
function _npy(descr: string, shape: [number, number], data: Uint8Array): Uint8Array {
  const header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}), }`;
  const padded = header.padEnd(118, " ") + "\n";
  const bytes = new Uint8Array(10 + padded.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length, 0]);
  bytes.set(new TextEncoder().encode(padded), 10);
  bytes.set(data, 10 + padded.length);
  return bytes;
}

Deno.test("eval task reads float64 features (np.save's default) as float32 and records the dtype", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const f4 = await readNpy("fixtures/synthetic/features.npy");
    const f8 = Float64Array.from(f4.data); // float32 → float64 → float32 is exact
    await Deno.writeFile(
      `${dir}/f8.npy`,
      _npy("<f8", [f4.rows, f4.dim], new Uint8Array(f8.buffer)),
    );
    const evaluate = async (features: string, out: string) => {
      const args = ["synthetic", "--features", features, "--out", `${dir}/${out}`];
      const result = await run("eval", [...args, "--no-ci", "--no-png", "--quiet"]);
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(await Deno.readTextFile(`${dir}/${out}/metrics.json`));
    };
    const double = await evaluate(`${dir}/f8.npy`, "f8");
    const single = await evaluate("fixtures/synthetic/features.npy", "f4");
    assert.deepEqual(double.provenance.feature_dtypes, { features: "<f8" });
    assert.deepEqual(single.provenance.feature_dtypes, { features: "<f4" });
    assert.deepEqual(double.results, single.results);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("eval task rejects a features file of another dtype, naming the file and field", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(`${dir}/i4.npy`, _npy("<i4", [797, 4], new Uint8Array(797 * 4 * 4)));
  const result = await run("eval", [
    "synthetic",
    "--features",
    `${dir}/i4.npy`,
    "--out",
    `${dir}/out`,
    "--quiet",
  ]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /i4\.npy as its field descr is '<i4': expected '<f4', '<f2', '<f8'/);
  assert.equal(await exists(`${dir}/out/metrics.json`), false);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("eval task --tasks verification needs no 1:N file; identification names the missing one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/meta`);
    for await (const entry of Deno.readDir("fixtures/synthetic/meta")) {
      if (entry.name.includes("_1N_")) continue;
      await Deno.copyFile(`fixtures/synthetic/meta/${entry.name}`, `${dir}/meta/${entry.name}`);
    }
    const args = ["synthetic", "--data", dir, "--features", "fixtures/synthetic/features.npy"];
    const more = ["--no-ci", "--no-png", "--quiet"];
    const verification = await run("eval", [
      ...args,
      "--tasks",
      "verification",
      ...more,
      "--out",
      `${dir}/v`,
    ]);
    assert.equal(verification.code, 0, verification.stderr);
    const metrics = JSON.parse(await Deno.readTextFile(`${dir}/v/metrics.json`));
    assert.ok(metrics.results[0].verification);
    assert.equal(metrics.results[0].identification, undefined);
    const inputs = metrics.provenance.inputs.map((i: { path: string }) => i.path);
    assert.ok(!inputs.some((p: string) => p.includes("_1N_")), inputs.join(", "));
    const both = await run("eval", [...args, ...more, "--out", `${dir}/both`]);
    assert.equal(both.code, 1);
    assert.match(
      both.stderr,
      /synthetic_1N_(probe_mixed|gallery_S[12])\.csv, which --tasks identification reads: add it, or run --tasks verification/,
    );
    assert.equal(await exists(`${dir}/both/metrics.json`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("eval task runs the real-face default end to end: decode, align, embed, fuse, score", async () => {
  const dir = await Deno.makeTempDir();
  const result = await run("eval", ["--out", `${dir}/out`, "--store", `${dir}/store`, "--quiet"]);
  assert.equal(result.code, 0, result.stderr);
  const metrics = JSON.parse(await Deno.readTextFile(`${dir}/out/metrics.json`));
  assert.equal(metrics.dataset, "demo");
  const [insightface] = metrics.results;
  assert.equal(insightface.verification.pairs, 95);
  assert.equal(insightface.verification.genuine, 15);
  // MobileFaceNet separates the 5 people of the fixture: every probe's mate ranks first.
  assert.equal(insightface.identification.rank["1"], 1);
  // The default run names its backbone, with the SHA-256 of the file (WebCrypto here).
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(DEFAULT_BACKBONE));
  const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0"))
    .join("");
  assert.deepEqual(
    metrics.provenance.models.map((m: { role: string; name: string; sha256: string }) => [
      m.role,
      m.name,
      m.sha256,
    ]),
    [["backbone", DEFAULT_BACKBONE.slice(DEFAULT_BACKBONE.lastIndexOf("/") + 1), sha256]],
  );
  const { size } = await Deno.stat(`${dir}/store/features.npy`);
  assert.equal(size, 128 + 55 * 512 * 4);
  // The hardest-pairs table carries thumbnails of the first fusion's 4 lowest genuine and 4
  // highest impostor pairs: up to three images of each template, in its own section.
  const html = await Deno.readTextFile(`${dir}/out/report.html`);
  const section = html.split("<section>").find((s) => s.includes("the hardest pairs</h2>"))!;
  const td = "<td[^>]*>";
  const row = new RegExp(
    `<tr>${td}InsightFace</td>${td}([^<]+)</td>${td}[^<]*\\((\\d+)\\)</td>${td}[^<]*\\((\\d+)\\)</td>`,
    "g",
  );
  const rows = [...section.matchAll(row)];
  const shown = ["lowest genuine", "highest impostor"].flatMap((kind) =>
    rows.filter((r) => r[1] === kind).slice(0, 4)
  );
  assert.equal(shown.length, 8, section.slice(0, 800));
  const images = shown.reduce((n, r) => n + Math.min(3, +r[2]!) + Math.min(3, +r[3]!), 0);
  assert.equal(section.match(/<image [^>]*href="data:image\/png;base64,/g)?.length, images);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("eval task passes the insightface options through", async () => {
  const dir = await Deno.makeTempDir();
  const plain = await run("eval", [
    "synthetic",
    "--fusion",
    "insightface",
    "--out",
    `${dir}/a`,
    "--quiet",
  ]);
  const unit = await run("eval", [
    "synthetic",
    "--fusion",
    "insightface",
    "--normalise-images",
    "--out",
    `${dir}/b`,
    "--quiet",
  ]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(unit.code, 0, unit.stderr);
  const a = JSON.parse(await Deno.readTextFile(`${dir}/a/metrics.json`));
  const b = JSON.parse(await Deno.readTextFile(`${dir}/b/metrics.json`));
  assert.equal(b.provenance.settings["normalise-images"], true);
  // Dropping the norms changes the weights of the low-quality images, hence the scores.
  assert.notEqual(a.results[0].verification.auc, b.results[0].verification.auc);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("eval task explains usage errors", async (t) => {
  await t.step("--help", async () => {
    const result = await run("eval", ["--help"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /--fusion LIST/);
  });
  await t.step("unknown dataset", async () => {
    const result = await run("eval", ["ijbx"]);
    assert.equal(result.code, 2);
    assert.ok(result.stderr.includes('Cannot find benchmark "ijbx": available are "demo"'));
  });
  await t.step("unknown fusion", async () => {
    const result = await run("eval", ["--fusion", "median"]);
    assert.equal(result.code, 2);
    assert.ok(result.stderr.includes('Cannot find fusion "median"'));
  });
  await t.step("caface without a model", async () => {
    const result = await run("eval", ["--fusion", "caface"]);
    assert.equal(result.code, 2);
    assert.ok(result.stderr.includes("--caface MODELDIR"));
  });
});

Deno.test("eval task applies --open-set-rule and names the rules", async (t) => {
  const out = await Deno.makeTempDir();
  try {
    await t.step("both rules: tpir_at_fpir_by_rule and one column pair each", async () => {
      const result = await run("eval", [
        "synthetic",
        "--out",
        out,
        "--quiet",
        "--no-png",
        "--fusion",
        "average",
        "--open-set-rule",
        "ijb-evals,insightface-1n",
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stdout,
        /TPIR@FPIR=1e-2 \(ijb-evals\) .* TPIR@FPIR=1e-2 \(insightface-1n\)/,
      );
      assert.match(result.stdout, /note: 12 probes have no mate in the galleries/);
      const id =
        JSON.parse(await Deno.readTextFile(`${out}/metrics.json`)).results[0].identification;
      assert.equal(id.open_set_rule, "ijb-evals");
      assert.deepEqual(Object.keys(id.tpir_at_fpir_by_rule), ["ijb-evals", "insightface-1n"]);
      assert.deepEqual(id.tpir_at_fpir, id.tpir_at_fpir_by_rule["ijb-evals"]);
    });
    await t.step("an unknown or repeated rule is a usage error", async () => {
      for (const rule of ["insightface", "ijb-evals,ijb-evals"]) {
        const result = await run("eval", ["synthetic", "--out", out, "--open-set-rule", rule]);
        assert.equal(result.code, 2);
        assert.match(
          result.stderr,
          /^error: Cannot use (open-set rule "insightface"|--open-set-rule)/,
        );
      }
    });
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("eval task stops a second writer of the same --out, naming the first", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const owner = {
      pid: Deno.pid,
      host: (await import("node:os")).hostname(),
      started: "now",
      owner: "test holder",
      processStart: null,
      token: "t",
    };
    await Deno.writeTextFile(`${dir}/.out.lock`, JSON.stringify(owner));
    const result = await run("eval", ["synthetic", "--out", `${dir}/out`, "--quiet", "--no-png"]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `error: Cannot lock ${dir}/out as ${dir}/.out.lock is held by pid ${Deno.pid} on host ${owner.host} since now (test holder): wait for it to finish\n`,
    );
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [".out.lock"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

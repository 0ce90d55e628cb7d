import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";
import { OnnxModel } from "../src/onnx/mod.ts";
import { loadReference, maxAbsDiff, runClusterOnTemplate } from "../tools/caface/load.ts";

const CAFACE = "fixtures/caface/caface_random.ckpt";

function _convert(args: readonly string[]) {
  return runTask("tasks/convert.ts", args);
}

async function _withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "convert_task_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function _names(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

/** Runs a converted backbone on the four fixture images. */
async function _embed(file: string, input: Float32Array) {
  const model = await OnnxModel.load(file, { threads: 1 });
  const out = await model.run({ input: { data: input, dims: [4, 3, 112, 112] } });
  await model.release();
  return out;
}

/** An fp16 backbone's outputs: within 1e-2 of PyTorch's float32 ones, and not identical. */
function _fp16Within(
  out: Record<string, { data: Float32Array }>,
  ref: { embedding: number[][]; style: number[][] },
  what: string,
) {
  const e = _maxError(out.embedding!.data, ref.embedding, (r) => Math.hypot(...r));
  assert.ok(e < 1e-2 && e > 1e-6, `${what}: embedding error ${e} relative to the norm`);
  const s = _maxError(out.style!.data, ref.style, () => 1);
  assert.ok(s < 1e-2, `${what}: style error ${s}`);
}

/** Largest |got − want| over the rows of `want`, each divided by `scale(row)`. */
function _maxError(got: Float32Array, want: number[][], scale: (row: number[]) => number) {
  let worst = 0;
  const dim = want[0]!.length;
  want.forEach((row, r) => {
    const s = scale(row);
    row.forEach((v, i) => worst = Math.max(worst, Math.abs(got[r * dim + i]! - v) / s));
  });
  return worst;
}

Deno.test("convert task: caface writes graphs that match PyTorch", async () => {
  await _withTemp(async (dir) => {
    const run = await _convert(["caface", "--ckpt", CAFACE, "--out", `${dir}/m`]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^wrote .*\/m: aggregate\.onnx \(1\.\d MB\), cluster\.onnx .* in \d/);
    assert.match(run.stderr, /sha256 .* 100%/);
    assert.deepEqual(await _names(`${dir}/m`), [
      "aggregate.onnx",
      "cluster.onnx",
      "meta.json",
      "style_merge.onnx",
    ]);
    const ref = await loadReference();
    const c = await runClusterOnTemplate(`${dir}/m`, ref, "t17");
    const aggregate = await OnnxModel.load(`${dir}/m/aggregate.onnx`, { threads: 1 });
    const a = await aggregate.run({
      cluster_features: c.cluster_features!,
      cluster_styles: c.cluster_styles!,
    });
    await aggregate.release();
    const errors = {
      assignment: maxAbsDiff(c.assignment!.data, ref.get("t17_assignment").data),
      cluster_features: maxAbsDiff(
        c.cluster_features!.data,
        ref.get("t17_cluster_features").data,
      ),
      fused: maxAbsDiff(a.fused!.data, ref.get("t17_fused").data),
    };
    for (const [name, e] of Object.entries(errors)) assert.ok(e < 1e-4, `${name} error ${e}`);
  });
});

Deno.test("convert task: backbone matches PyTorch, with and without the style", async (t) => {
  const bytes = await Deno.readFile("fixtures/backbone/inputs.bin");
  const input = Float32Array.from(bytes, (v) => (v - 128) / 128); // as reference.json
  const reference = JSON.parse(await Deno.readTextFile("fixtures/backbone/reference.json"));
  for (const [name, flags] of [["ir18_tface", []], ["iresnet18", ["--no-style"]]] as const) {
    await t.step(`${name} ${flags.join(" ")}`, async () => {
      await _withTemp(async (dir) => {
        const ckpt = `fixtures/backbone/${name}.ckpt`;
        const run = await _convert(["backbone", "--ckpt", ckpt, "--out", dir, "-q", ...flags]);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stderr, "");
        assert.deepEqual(await _names(dir), ["backbone.onnx", "meta.json"]);
        const out = await _embed(`${dir}/backbone.onnx`, input);
        const ref = reference[name];
        const e = _maxError(out.embedding!.data, ref.embedding, (r) => Math.hypot(...r));
        assert.ok(e < 1e-3, `embedding error ${e} relative to the norm`);
        if (flags.length === 0) {
          const s = _maxError(out.style!.data, ref.style, () => 1);
          assert.ok(s < 1e-4, `style error ${s}`);
          // The same float32 file through `convert fp16` (one conversion shared, to save time).
          const fp16 = await _convert(["fp16", "--model", `${dir}/backbone.onnx`]);
          assert.equal(fp16.code, 0, fp16.stderr);
          assert.match(
            fp16.stdout,
            /^wrote .*backbone_fp16\.onnx \([\d.]+ MB\): \d+ nodes in float16, \d+ in float32, \d+ BatchNorms folded\n$/,
          );
          _fp16Within(await _embed(`${dir}/backbone_fp16.onnx`, input), ref, "convert fp16");
        } else {
          assert.deepEqual(Object.keys(out), ["embedding"]);
        }
      });
    });
  }
});

Deno.test("convert task: usage errors exit 2 with one line", async (t) => {
  const cases: [string[], string][] = [
    [[], "error: Cannot convert without caface|backbone|all|fp16 (see --help)"],
    [["fp16"], "error: Cannot convert fp16 without --model M.onnx (see --help)"],
    [
      ["backbone", "--ckpt", CAFACE, "--out", "x", "--dtype", "int8"],
      'error: Cannot use --dtype "int8": expected float32 or float16 (see --help)',
    ],
    [
      ["caface", "--ckpt", CAFACE, "--out", "x", "--dtype", "float16"],
      "error: Cannot use --dtype float16 without a backbone: it goes with backbone, all (see --help)",
    ],
    [
      ["cafe", "--ckpt", CAFACE, "--out", "x"],
      'error: Cannot convert "cafe": available are "caface", "backbone", "all", "fp16" (see --help)',
    ],
    [["caface", "--out", "x"], "error: Cannot convert without --ckpt FILE.ckpt (see --help)"],
    [["all", "--ckpt", CAFACE], "error: Cannot convert without --out MODELDIR (see --help)"],
    [
      ["backbone", "--ckpt", CAFACE, "--out", "x", "--with-backbone"],
      "error: Cannot use --with-backbone with backbone: it goes with caface (see --help)",
    ],
    [
      ["caface", "--ckpt", CAFACE, "--out", "x", "--no-style"],
      "error: Cannot use --no-style without a backbone: it goes with backbone, all (see --help)",
    ],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" ") || "(no arguments)", async () => {
      const run = await _convert(args);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, `${message}\n`);
    });
  }
  await t.step("--help", async () => {
    const run = await _convert(["--help"]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Convert a CAFace checkpoint/);
    assert.match(run.stdout, /Usage: deno task convert caface\|backbone\|all/);
  });
});

Deno.test("convert task: bad checkpoints exit 1 with one line and leave no model dir", async (t) => {
  await _withTemp(async (dir) => {
    const bytes = await Deno.readFile(CAFACE);
    await Deno.writeFile(`${dir}/cut.ckpt`, bytes.subarray(0, bytes.length - 10));
    const cases: [string[], string][] = [
      [
        ["caface", "--ckpt", `${dir}/cut.ckpt`],
        "error: Cannot read cut.ckpt as a zip archive: end of central directory not found (file truncated?)",
      ],
      [
        [
          "caface",
          "--ckpt",
          "fixtures/checkpoint/model.ckpt",
          "--allow-global",
          "__main__.HParams,builtins.frozenset",
          "--allow-global=numpy.core.multiarray.scalar,numpy.dtype",
        ],
        "error: Cannot find aggregator.norm_emb.norm_bn.running_mean in model.ckpt",
      ],
      [
        ["caface", "--ckpt", "fixtures/checkpoint/hostile/os_system.ckpt"],
        "error: Cannot load os_system.ckpt (archive/data.pkl): the pickle names the global " +
        "posix.system at byte 208, which torch.load(weights_only=True) does not allow; allow it " +
        "explicitly (convert --allow-global posix.system) only if you trust this file",
      ],
      [
        ["all", "--ckpt", CAFACE],
        "error: Cannot convert caface_random.ckpt: unknown backbone layout, expected keys starting model.input_layer. (TFace IR) or model.conv1. (insightface iresnet)",
      ],
    ];
    for (const [args, message] of cases) {
      await t.step(args.join(" "), async () => {
        const run = await _convert([...args, "--out", `${dir}/out`, "--quiet"]);
        assert.equal(run.code, 1);
        assert.equal(run.stderr, `${message}\n`);
        assert.deepEqual(await _names(dir), ["cut.ckpt"]);
      });
    }
    await t.step("a missing checkpoint is a usage error", async () => {
      const run = await _convert([
        "caface",
        "--ckpt",
        `${dir}/missing.ckpt`,
        "--out",
        `${dir}/out`,
      ]);
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr,
        `error: Cannot read --ckpt ${dir}/missing.ckpt: no such file (see --help)\n`,
      );
      assert.deepEqual(await _names(dir), ["cut.ckpt"]);
    });
  });
});

Deno.test("convert task: --dtype float16 stays within 1e-2 of PyTorch's float32 embedding", async () => {
  const bytes = await Deno.readFile("fixtures/backbone/inputs.bin");
  const input = Float32Array.from(bytes, (v) => (v - 128) / 128); // as reference.json
  const reference = JSON.parse(await Deno.readTextFile("fixtures/backbone/reference.json"));
  await _withTemp(async (dir) => {
    const ckpt = "fixtures/backbone/ir18_tface.ckpt";
    const run = await _convert([
      "backbone",
      "--ckpt",
      ckpt,
      "--out",
      dir,
      "-q",
      "--dtype",
      "float16",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const meta = JSON.parse(await Deno.readTextFile(`${dir}/meta.json`));
    assert.match(meta.backbone.dtype, /^float16 inside/);
    _fp16Within(
      await _embed(`${dir}/backbone.onnx`, input),
      reference.ir18_tface,
      "--dtype float16",
    );
  });
});

import assert from "node:assert/strict";
import pkg from "onnx-proto";
import { OnnxModel } from "../onnx/mod.ts";
import { CafaceEngine } from "../caface/mod.ts";
import { loadReference, maxAbsDiff, runClusterOnTemplate } from "../../tools/caface/load.ts";
import {
  convertBackbone,
  convertCaface,
  convertCheckpoint,
  type ConvertPart,
} from "./convert_checkpoint.ts";
import { _fixture, _listDir, _patched, _truncated } from "./_test_checkpoints.ts";
import { _FIXTURE_GLOBALS } from "../checkpoint/_test_globals.ts";

const CAFACE = _fixture("caface/caface_random.ckpt");

type RowSource = Parameters<CafaceEngine["fuse"]>[0]["features"];

async function _sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function _withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "convert_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("convertCaface() writes a model dir whose graphs match PyTorch", async () => {
  await _withTemp(async (dir) => {
    const stages = new Map<string, number>();
    const out = `${dir}/model`;
    const result = await convertCaface(CAFACE, out, {
      onProgress: (stage, _done, total) => stages.set(stage, total),
    });
    assert.deepEqual(await _listDir(out), [
      "aggregate.onnx",
      "cluster.onnx",
      "meta.json",
      "style_merge.onnx",
    ]);
    assert.equal(result.files.at(-1), `${out}/meta.json`);
    assert.deepEqual(await _listDir(dir), ["model"], "no staging directory is left");
    // Only aggregator tensors the graphs use: not center.weight, cfcs.0 or BN counters.
    const read = stages.get("read aggregator")!;
    assert.ok(read > 50 && read <= 71, `${read} tensors read`);
    assert.equal(stages.get("read backbone"), undefined);
    assert.equal(stages.get("sha256"), (await Deno.stat(CAFACE)).size);

    const meta = JSON.parse(await Deno.readTextFile(`${out}/meta.json`));
    assert.equal(meta.sourceSha256, await _sha256(CAFACE));
    assert.equal(meta.source, "caface_random.ckpt");
    assert.equal(meta.harnessVersion, "0.1.0");
    assert.deepEqual(meta.hyperParameters, {
      arch: "ir_101",
      decoder_name: "catv9_g4_conf512_small",
      aggregator_name: "style_norm_srm",
      style_index: [3, 5],
      use_memory: true,
      intermediate_type: "style",
    });
    assert.deepEqual(result.meta, meta);

    const ref = await loadReference();
    const c = await runClusterOnTemplate(out, ref, "t17");
    for (const name of ["counts", "cluster_features", "cluster_styles", "assignment"]) {
      const error = maxAbsDiff(c[name]!.data, ref.get(`t17_${name}`).data);
      assert.ok(error < 1e-4, `${name} error ${error}`);
    }
    const aggregate = await OnnxModel.load(`${out}/aggregate.onnx`, { threads: 1 });
    const a = await aggregate.run({
      cluster_features: { data: ref.get("t17_cluster_features").data, dims: [1, 4, 512] },
      cluster_styles: { data: ref.get("t17_cluster_styles").data, dims: [1, 4, 128] },
    });
    await aggregate.release();
    for (const name of ["fused", "weights"]) {
      const error = maxAbsDiff(a[name]!.data, ref.get(`t17_${name}`).data);
      assert.ok(error < 1e-4, `${name} error ${error}`);
    }
    const sim = await OnnxModel.load(`${out}/style_merge.onnx`, { threads: 1 });
    const stats = ref.get("style_stats");
    const s = await sim.run({ style_stats: { data: stats.data, dims: stats.shape } });
    await sim.release();
    const simError = maxAbsDiff(s.style!.data, ref.get("sim_style").data);
    assert.ok(simError < 1e-4, `style merge error ${simError}`);

    // The whole directory runs in the harness's engine: template t40 in chunks of 8.
    const t40 = ref.templates.find((t) => t.name === "t40")!;
    const rows = (name: string, dim: number): RowSource => {
      const data = ref.get(name).data.slice(t40.start * dim, (t40.start + 40) * dim);
      return {
        rows: 40,
        dim,
        readRows: (from, count) => Promise.resolve(data.slice(from * dim, (from + count) * dim)),
      };
    };
    const engine = await CafaceEngine.load(out, { threads: 1 });
    const fused = await engine.fuse({
      features: rows("features", 512),
      style: rows("style", 64),
      templates: {
        ids: Int32Array.of(1),
        offsets: Uint32Array.of(0, 40),
        rows: Uint32Array.from({ length: 40 }, (_, i) => i),
      },
      mediaIds: new Int32Array(40),
    }, 8);
    await engine.release();
    const index = ref.templates.indexOf(t40);
    const want = ref.get("fused_8").data.slice(index * 512, (index + 1) * 512);
    const fusedError = maxAbsDiff(fused.features.data, want);
    assert.ok(fusedError < 1e-4, `fused (chunk 8) error ${fusedError}`);
  });
});

interface BackboneReference {
  embedding: number[][];
  style: number[][];
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

for (const name of ["ir18_tface", "iresnet18"] as const) {
  Deno.test(`convertBackbone() writes ${name} as backbone.onnx matching PyTorch`, async () => {
    await _withTemp(async (dir) => {
      const ckpt = _fixture(`backbone/${name}.ckpt`);
      const result = await convertBackbone(ckpt, `${dir}/m`);
      assert.deepEqual(await _listDir(`${dir}/m`), ["backbone.onnx", "meta.json"]);
      const meta = JSON.parse(await Deno.readTextFile(`${dir}/m/meta.json`));
      assert.deepEqual(result.meta, meta);
      assert.equal(meta.sourceSha256, await _sha256(ckpt));
      assert.deepEqual(meta.backbone.layout, name === "iresnet18" ? "iresnet" : "tface-ir");
      assert.equal(meta.backbone.depth, 18);
      assert.deepEqual(meta.backbone.stages, [2, 2, 2, 2]);
      assert.deepEqual(meta.backbone.inputs, { input: ["batch", 3, 112, 112] });
      assert.deepEqual(meta.backbone.outputs, {
        embedding: ["batch", 512],
        style: ["batch", 64],
      });
      assert.equal(meta.backbone.preprocessing.colour, "BGR");
      assert.equal(meta.hyperParameters.arch, name === "iresnet18" ? "iresnet100" : "ir_101");

      const bytes = await Deno.readFile(_fixture("backbone/inputs.bin"));
      const input = Float32Array.from(bytes, (v) => (v - 128) / 128); // as reference.json
      const model = await OnnxModel.load(`${dir}/m/backbone.onnx`, { threads: 1 });
      const out = await model.run({ input: { data: input, dims: [4, 3, 112, 112] } });
      await model.release();
      const ref = JSON.parse(
        await Deno.readTextFile(_fixture("backbone/reference.json")),
      )[name] as BackboneReference;
      const embedding = _maxError(out.embedding!.data, ref.embedding, (r) => Math.hypot(...r));
      const style = _maxError(out.style!.data, ref.style, () => 1);
      assert.ok(embedding < 1e-3, `embedding error ${embedding} relative to the norm`);
      assert.ok(style < 1e-4, `style error ${style}`);
    });
  });
}

Deno.test("convertBackbone() leaves the style out with style: false", async () => {
  await _withTemp(async (dir) => {
    await convertBackbone(_fixture("backbone/ir18_tface.ckpt"), dir, { style: false });
    // The declared outputs; that onnxruntime runs converted backbones is tested above.
    const model = pkg.onnx.ModelProto.decode(await Deno.readFile(`${dir}/backbone.onnx`));
    assert.deepEqual(model.graph!.output!.map((o) => o.name), ["embedding"]);
    const meta = JSON.parse(await Deno.readTextFile(`${dir}/meta.json`));
    assert.deepEqual(meta.backbone.outputs, { embedding: ["batch", 512] });
  });
});

Deno.test("convertCheckpoint() fails with a clear error and leaves no model dir", async (t) => {
  const cases: [
    string,
    (dir: string) => Promise<string>,
    ConvertPart[],
    Error | { name: string; message: RegExp },
  ][] = [
    [
      "a truncated zip",
      (dir) => _truncated("caface/caface_random.ckpt", `${dir}/cut.ckpt`, 1_000_000),
      ["caface"],
      new SyntaxError(
        "Cannot read cut.ckpt as a zip archive: end of central directory not found (file truncated?)",
      ),
    ],
    [
      "a checkpoint with a custom class torch.load(weights_only=True) refuses",
      () => Promise.resolve(_fixture("checkpoint/model.ckpt")),
      ["caface"],
      { name: "UnsafeGlobalError", message: /the pickle names the global __main__\.HParams/ },
    ],
    [
      "a backbone checkpoint as CAFace",
      () => Promise.resolve(_fixture("backbone/ir18_tface.ckpt")),
      ["caface"],
      new RangeError(
        "Cannot find aggregator.norm_emb.norm_bn.running_mean in ir18_tface.ckpt",
      ),
    ],
    [
      "a CAFace checkpoint without a backbone",
      () => Promise.resolve(CAFACE),
      ["caface", "backbone"],
      new TypeError(
        "Cannot convert caface_random.ckpt: unknown backbone layout, expected keys starting model.input_layer. (TFace IR) or model.conv1. (insightface iresnet)",
      ),
    ],
    [
      "an unknown aggregator",
      (dir) =>
        _patched("caface/caface_random.ckpt", `${dir}/other.ckpt`, [[
          "style_norm_srm",
          "style_norm_xyz",
        ]]),
      ["caface"],
      new RangeError(
        'Cannot convert other.ckpt as hyper_parameters.aggregator_name is "style_norm_xyz": only "style_norm_srm" is supported',
      ),
    ],
    [
      "an unknown decoder, nested in hparams",
      (dir) =>
        _patched("checkpoint/model.ckpt", `${dir}/nested.ckpt`, [[
          "catv9_g4_conf512_small",
          "catv9_g8_conf512_small",
        ]]),
      ["caface"],
      new RangeError(
        'Cannot convert nested.ckpt as hyper_parameters.hparams.decoder_name is "catv9_g8_conf512_small": only "catv9_g4_conf512_small" is supported',
      ),
    ],
    [
      "a renamed aggregator key",
      (dir) =>
        _patched("caface/caface_random.ckpt", `${dir}/renamed.ckpt`, [[
          "aggregator.norm_emb.pe",
          "aggregator.norm_emb.px",
        ]]),
      ["caface"],
      new RangeError("Cannot find aggregator.norm_emb.pe in renamed.ckpt"),
    ],
    [
      "a tensor of the wrong shape",
      // The pickled size tuple (61, 64) of norm_emb.pe: BININT1 61, BININT1 64, TUPLE2.
      (dir) =>
        _patched("caface/caface_random.ckpt", `${dir}/shape.ckpt`, [[
          Uint8Array.of(0x4b, 61, 0x4b, 64, 0x86),
          Uint8Array.of(0x4b, 60, 0x4b, 64, 0x86),
        ]]),
      ["caface"],
      new TypeError(
        "Cannot use aggregator.norm_emb.pe in shape.ckpt as its shape is [60, 64]: expected [61, 64]",
      ),
    ],
  ];
  for (const [name, make, parts, expected] of cases) {
    await t.step(name, async () => {
      await _withTemp(async (dir) => {
        const ckpt = await make(dir);
        const allowGlobals = _FIXTURE_GLOBALS.allowGlobals;
        await assert.rejects(
          convertCheckpoint(ckpt, `${dir}/out`, {
            parts,
            allowGlobals: name.includes("refuses") ? [] : allowGlobals,
          }),
          expected,
        );
        assert.ok(!(await _listDir(dir)).some((e) => e.includes("out")), "nothing written");
      });
    });
  }
});

Deno.test("convertCheckpoint() keeps an existing model dir intact when it fails", async () => {
  await _withTemp(async (dir) => {
    await convertCaface(CAFACE, `${dir}/m`);
    const before = await Deno.readFile(`${dir}/m/meta.json`);
    await Deno.writeTextFile(`${dir}/m/notes.txt`, "mine");
    const cut = await _truncated("backbone/ir18_tface.ckpt", `${dir}/cut.ckpt`, 100);
    await assert.rejects(convertBackbone(cut, `${dir}/m`), SyntaxError);
    assert.deepEqual(await Deno.readFile(`${dir}/m/meta.json`), before);
    await convertBackbone(_fixture("backbone/iresnet18.ckpt"), `${dir}/m`);
    assert.deepEqual(await _listDir(`${dir}/m`), [
      "aggregate.onnx",
      "backbone.onnx",
      "cluster.onnx",
      "meta.json",
      "notes.txt",
      "style_merge.onnx",
    ]);
    assert.deepEqual(await _listDir(dir), ["cut.ckpt", "m"]);
  });
});

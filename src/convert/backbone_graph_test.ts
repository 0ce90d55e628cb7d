import assert from "node:assert/strict";
import pkg from "onnx-proto";
import { OnnxModel } from "../onnx/mod.ts";
import { buildBackboneGraph } from "./backbone_graph.ts";
import { _FIXTURES, _loadFixtureWeights } from "./_fixture_weights.ts";

interface Reference {
  embedding: number[][];
  style_stats: number[][][];
  style: number[][];
}

const NAMES = ["ir18_tface", "iresnet18"] as const;

async function _inputs(): Promise<Float32Array> {
  const bytes = await Deno.readFile(new URL("inputs.bin", _FIXTURES));
  return Float32Array.from(bytes, (v) => (v - 128) / 128);
}

async function _reference(): Promise<Record<string, Reference>> {
  return JSON.parse(await Deno.readTextFile(new URL("reference.json", _FIXTURES)));
}

/** Largest |got − want| over a row, divided by `scale(want row)`. */
function _maxError(
  got: Float32Array,
  want: number[][],
  scale: (row: number[]) => number,
): number {
  let worst = 0;
  const dim = want[0]!.length;
  want.forEach((row, r) => {
    const s = scale(row);
    row.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(got[r * dim + i]! - v) / s);
    });
  });
  return worst;
}

const norm = (row: number[]) => Math.hypot(...row);

/**
 * The graph outputs named in a model's bytes. Decoding is enough to check which outputs a
 * graph declares; that onnxruntime loads and runs such graphs is tested above.
 */
function _outputNames(bytes: Uint8Array): string[] {
  return pkg.onnx.ModelProto.decode(bytes).graph!.output!.map((o) => o.name!);
}

for (const name of NAMES) {
  Deno.test(`buildBackboneGraph() matches PyTorch on ${name}`, async () => {
    const { weights, keys } = await _loadFixtureWeights(name);
    const bytes = buildBackboneGraph(weights, keys, { styleStats: true, source: `${name}.ckpt` });
    const model = await OnnxModel.load(bytes, { name });
    try {
      assert.deepEqual([...model.outputNames], ["embedding", "style", "style_stats"]);
      assert.deepEqual(model.inputShape("input"), ["batch", 3, 112, 112]);
      const out = await model.run({ input: { data: await _inputs(), dims: [4, 3, 112, 112] } });
      const ref = (await _reference())[name]!;
      assert.deepEqual(out.embedding!.dims, [4, 512]);
      assert.deepEqual(out.style!.dims, [4, 64]);
      assert.deepEqual(out.style_stats!.dims, [4, 384, 2]);
      const embedding = _maxError(out.embedding!.data, ref.embedding, norm);
      const style = _maxError(out.style!.data, ref.style, () => 1);
      const stats = _maxError(out.style_stats!.data, ref.style_stats.map((r) => r.flat()), () => 1);
      assert.ok(embedding < 1e-5, `embedding error ${embedding} relative to the norm`);
      assert.ok(style < 1e-4, `style error ${style}`);
      assert.ok(stats < 1e-4, `style statistics error ${stats}`);
    } finally {
      await model.release();
    }
  });
}

Deno.test("buildBackboneGraph() leaves out the style on request or without SIM weights", async (t) => {
  const { weights, keys } = await _loadFixtureWeights("ir18_tface");
  await t.step("style: false", () => {
    assert.deepEqual(_outputNames(buildBackboneGraph(weights, keys, { style: false })), [
      "embedding",
    ]);
  });
  const backboneOnly = keys.filter((k) => k.startsWith("model."));
  await t.step("no aggregator keys", () => {
    assert.deepEqual(_outputNames(buildBackboneGraph(weights, backboneOnly)), ["embedding"]);
  });
  await t.step("style: true without aggregator keys is an error", () => {
    assert.throws(
      () => buildBackboneGraph(weights, backboneOnly, { style: true }),
      new TypeError("Cannot convert model.ckpt: missing key aggregator.style_maker.cfc"),
    );
  });
});

Deno.test("buildBackboneGraph() names the key that is missing or has the wrong size", async (t) => {
  const { weights, keys } = await _loadFixtureWeights("iresnet18");
  await t.step("missing conv", () => {
    const key = "model.layer2.1.conv2.weight";
    assert.throws(
      () => buildBackboneGraph(weights, keys.filter((k) => k !== key), { source: "x.ckpt" }),
      new TypeError(`Cannot convert x.ckpt: missing key ${key}`),
    );
  });
  await t.step("missing downsample where the channels change", () => {
    const dropped = keys.filter((k) => !k.startsWith("model.layer3.0.downsample."));
    assert.throws(
      () => buildBackboneGraph(weights, dropped),
      new TypeError("Cannot convert model.ckpt: missing key model.layer3.0.downsample.0.weight"),
    );
  });
  await t.step("wrong size", () => {
    const bad = "model.layer3.1.conv1.weight";
    const short = (key: string) => key === bad ? new Float32Array(10) : weights(key);
    assert.throws(
      () => buildBackboneGraph(short, keys),
      new TypeError(
        `Cannot convert model.ckpt: ${bad} has 10 values, expected 589824 for shape [256,256,3,3]`,
      ),
    );
  });
  await t.step("wrong SIM size", () => {
    const bad = "aggregator.style_maker.cfc";
    const short = (key: string) => key === bad ? new Float32Array(700) : weights(key);
    assert.throws(
      () => buildBackboneGraph(short, keys),
      new TypeError(
        `Cannot convert model.ckpt: ${bad} has 700 values, expected 768 for shape [384,2]`,
      ),
    );
  });
});

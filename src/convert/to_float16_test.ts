import assert from "node:assert/strict";
import pkg from "onnx-proto";
import { GraphBuilder, OnnxModel } from "../onnx/mod.ts";
import { randomIrBackbone } from "./random_backbone.ts";
import { toFloat16 } from "./to_float16.ts";

const { onnx } = pkg;
const F16 = 10;
const F32 = 1;

function _random(n: number, seed: number): Float32Array {
  let a = seed;
  return Float32Array.from({ length: n }, () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648 * 2 - 1;
  });
}

Deno.test("toFloat16() keeps float32 edges, stores conv weights in float16 and stays within 1e-2 of float32", async () => {
  const fp32 = randomIrBackbone({ stages: [1, 1, 1, 1], width: 8 });
  const half = toFloat16(fp32);
  const proto = onnx.ModelProto.decode(half.bytes);
  const graph = proto.graph!;
  assert.equal(graph.input![0]!.type!.tensorType!.elemType, F32);
  assert.equal(graph.output![0]!.type!.tensorType!.elemType, F32);
  const convs = graph.node!.filter((n) => n.opType === "Conv");
  const inits = new Map(graph.initializer!.map((t) => [t.name, t]));
  assert.ok(convs.length >= 8);
  for (const c of convs) assert.equal(inits.get(c.input![1]!)!.dataType, F16, c.input![1]!);
  // The L2 norm of the raw embedding reads float32 values only.
  const reduce = graph.node!.find((n) => n.opType === "ReduceL2")!;
  const producer = graph.node!.find((n) => n.output!.includes(reduce.input![0]!))!;
  assert.notEqual(producer.opType, "Cast", "the tail runs in float32 from the Gemm");
  assert.equal(half.foldedBatchNorms, 4);

  const x = _random(4 * 3 * 112 * 112, 3);
  const run = async (bytes: Uint8Array) => {
    const model = await OnnxModel.load(bytes);
    const out = await model.run({ input: { data: x, dims: [4, 3, 112, 112] } });
    await model.release();
    return out.embedding!.data;
  };
  const [a, b] = [await run(fp32), await run(half.bytes)];
  for (let r = 0; r < 4; r++) {
    let diff = 0, norm = 0;
    for (let i = r * 512; i < (r + 1) * 512; i++) {
      diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
      norm = Math.max(norm, Math.abs(a[i]!));
    }
    assert.ok(diff / norm < 1e-2, `row ${r}: relative ${diff / norm}`);
    assert.ok(diff > 0, "float16 weights change the result a little");
  }
});

Deno.test("toFloat16() folds BatchNorm statistics so no variance or ε below the float16 normal range reaches half precision", async () => {
  const g = new GraphBuilder("bn");
  const x = g.input("x", [1, 3, 1, 1]);
  const gamma = [1.5, 0.5, 2],
    beta = [0.1, -0.2, 0.3],
    mean = [1, -1, 0.5],
    variance = [4, 1e-6, 0.25];
  const params = [gamma, beta, mean, variance].map((v, i) => g.float(`p${i}`, v, [3]));
  g.node("BatchNormalization", [x, ...params], {
    outputs: ["y"],
    attrs: { epsilon: { float: 1e-5 } },
  });
  g.output("y", [1, 3, 1, 1]);
  const half = toFloat16(g.toBytes());
  assert.equal(half.foldedBatchNorms, 1);
  const graph = onnx.ModelProto.decode(half.bytes).graph!;
  const bn = graph.node!.find((n) => n.opType === "BatchNormalization")!;
  const values = (name: string) => {
    const t = graph.initializer!.find((i) => i.name === name)!;
    assert.equal(t.dataType, F16);
    const raw = new Uint8Array(t.rawData!.length);
    raw.set(t.rawData!);
    return Array.from(new Float16Array(raw.buffer));
  };
  assert.deepEqual(values(bn.input![3]!), [0, 0, 0]);
  assert.deepEqual(values(bn.input![4]!), [1, 1, 1]);
  const input = [2, 0.5, 1];
  const model = await OnnxModel.load(half.bytes);
  const y =
    (await model.run({ x: { data: Float32Array.from(input), dims: [1, 3, 1, 1] } })).y!.data;
  await model.release();
  for (let c = 0; c < 3; c++) {
    const expected = (input[c]! - mean[c]!) / Math.sqrt(variance[c]! + 1e-5) * gamma[c]! + beta[c]!;
    assert.ok(
      Math.abs(y[c]! - expected) <= 2e-3 * Math.max(1, Math.abs(expected)),
      `${y[c]} vs ${expected}`,
    );
  }
});

Deno.test("toFloat16() refuses a weight beyond the float16 range, naming it", () => {
  const g = new GraphBuilder("big");
  const x = g.input("x", [1, 2]);
  g.node("Mul", [x, g.float("huge_scale", [1e6, 1], [2])], { outputs: ["y"] });
  g.output("y", [1, 2]);
  assert.throws(() => toFloat16(g.toBytes(), { source: "big.onnx" }), {
    name: "TypeError",
    message:
      /Cannot convert big\.onnx to float16: initializer huge_scale holds 1000000, beyond ±65,504/,
  });
});

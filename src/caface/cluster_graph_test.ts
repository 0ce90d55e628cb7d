import assert from "node:assert/strict";
import pkg from "onnx-proto";
import { OnnxModel } from "../onnx/mod.ts";
import { buildClusterGraph } from "./cluster_graph.ts";
import { loadReference, loadWeights, maxAbsDiff } from "../../tools/caface/load.ts";

Deno.test("buildClusterGraph() matches the PyTorch reference on one chunk of 17 images", async () => {
  const weights = await loadWeights();
  const ref = await loadReference();
  const model = await OnnxModel.load(buildClusterGraph(weights), { threads: 1 });
  const t17 = ref.templates.find((t) => t.name === "t17")!;
  const features = ref.get("features").data.slice(t17.start * 512, (t17.start + 17) * 512);
  const style = ref.get("style").data.slice(t17.start * 64, (t17.start + 17) * 64);
  const out = await model.run({
    features: { data: features, dims: [1, 17, 512] },
    style: { data: style, dims: [1, 17, 64] },
  });
  const errors: Record<string, number> = {};
  for (
    const [name, key] of [
      ["counts", "t17_counts"],
      ["cluster_features", "t17_cluster_features"],
      ["cluster_styles", "t17_cluster_styles"],
      ["assignment", "t17_assignment"],
    ] as const
  ) {
    const expected = ref.get(key);
    assert.deepEqual(out[name]!.dims, expected.shape);
    errors[name] = maxAbsDiff(out[name]!.data, expected.data);
  }
  console.log("cluster max abs error", errors);
  for (const e of Object.values(errors)) assert.ok(e < 1e-4, `error ${e}`);
  await model.release();
});

Deno.test("buildClusterGraph() runs B chunks at once, each independent of image order", async () => {
  const weights = await loadWeights();
  const ref = await loadReference();
  const model = await OnnxModel.load(buildClusterGraph(weights), { threads: 1 });
  const t17 = ref.templates.find((t) => t.name === "t17")!;
  const n = 17;
  const features = ref.get("features").data.slice(t17.start * 512, (t17.start + n) * 512);
  const style = ref.get("style").data.slice(t17.start * 64, (t17.start + n) * 64);
  const reversed = (data: Float32Array, dim: number) => {
    const out = new Float32Array(data.length);
    for (let i = 0; i < n; i++) out.set(data.subarray(i * dim, (i + 1) * dim), (n - 1 - i) * dim);
    return out;
  };
  const out = await model.run({
    features: {
      data: Float32Array.from([...features, ...reversed(features, 512)]),
      dims: [2, n, 512],
    },
    style: { data: Float32Array.from([...style, ...reversed(style, 64)]), dims: [2, n, 64] },
  });
  assert.deepEqual(out.assignment!.dims, [2, 4, n]);
  const first = (name: string, size: number) => out[name]!.data.subarray(0, size);
  const second = (name: string, size: number) => out[name]!.data.subarray(size, 2 * size);
  assert.ok(
    maxAbsDiff(first("cluster_features", 2048), ref.get("t17_cluster_features").data) < 1e-4,
  );
  for (
    const [name, size] of [["counts", 4], ["cluster_features", 2048], [
      "cluster_styles",
      512,
    ]] as const
  ) {
    assert.ok(maxAbsDiff(first(name, size), second(name, size)) < 1e-5, name);
  }
  const a = out.assignment!.data;
  assert.ok(Math.abs(a[0]! - a[4 * n + n - 1]!) < 1e-5, "image 0 is last in the reversed chunk");
  await model.release();
});

Deno.test("buildClusterGraph(): fused MultiHeadAttention equals the MatMul–Softmax–MatMul form", async () => {
  const weights = await loadWeights();
  const ref = await loadReference();
  const [fused, plain] = await Promise.all(
    (["fused", "matmul"] as const).map((attention) =>
      OnnxModel.load(buildClusterGraph(weights, { attention }), { threads: 1 })
    ),
  );
  // 2 chunks of 700 images: the 68 clean reference rows repeated with changing norms.
  const n = 700;
  const base = ref.get("features").data;
  const baseStyle = ref.get("style").data;
  const features = new Float32Array(2 * n * 512);
  const style = new Float32Array(2 * n * 64);
  for (let i = 0; i < 2 * n; i++) {
    const scale = 0.5 + (i % 23) / 16;
    for (let j = 0; j < 512; j++) features[i * 512 + j] = base[(i % 68) * 512 + j]! * scale;
    for (let j = 0; j < 64; j++) style[i * 64 + j] = baseStyle[((i * 5) % 68) * 64 + j]!;
  }
  const feeds = {
    features: { data: features, dims: [2, n, 512] },
    style: { data: style, dims: [2, n, 64] },
  };
  const a = await fused!.run(feeds);
  const b = await plain!.run(feeds);
  for (const name of ["counts", "cluster_features", "cluster_styles", "assignment"]) {
    assert.deepEqual(a[name]!.dims, b[name]!.dims);
    const scale = name === "counts" ? n : 1;
    const e = maxAbsDiff(a[name]!.data, b[name]!.data) / scale;
    assert.ok(e < 1e-5, `${name}: ${e}`);
  }
  await fused!.release();
  await plain!.release();
});

Deno.test("buildClusterGraph() imports com.microsoft 1 only for the fused form (docs/caface-onnx.md)", async () => {
  const weights = await loadWeights();
  const read = (attention: "fused" | "matmul") => {
    const model = pkg.onnx.ModelProto.decode(buildClusterGraph(weights, { attention }));
    const opsets = (model.opsetImport ?? []).map((o) => `${o.domain}:${o.version}`).sort();
    const contrib = (model.graph?.node ?? []).filter((n) => n.domain === "com.microsoft");
    return { opsets, contrib: contrib.map((n) => n.opType) };
  };
  assert.deepEqual(read("fused"), {
    opsets: [":17", "com.microsoft:1"],
    contrib: ["MultiHeadAttention", "Gelu", "MultiHeadAttention", "Gelu"],
  });
  assert.deepEqual(read("matmul"), { opsets: [":17"], contrib: [] });
});

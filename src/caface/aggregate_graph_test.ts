import assert from "node:assert/strict";
import { OnnxModel } from "../onnx/mod.ts";
import { buildAggregateGraph } from "./aggregate_graph.ts";
import { loadReference, loadWeights, maxAbsDiff } from "../../tools/caface/load.ts";

Deno.test("buildAggregateGraph() matches the PyTorch reference", async (t) => {
  const weights = await loadWeights();
  const ref = await loadReference();
  const model = await OnnxModel.load(buildAggregateGraph(weights), { threads: 1 });
  const cf = ref.get("t17_cluster_features").data;
  const cs = ref.get("t17_cluster_styles").data;

  await t.step("on one template (B = 1, the §6 contract)", async () => {
    const out = await model.run({
      cluster_features: { data: cf, dims: [1, 4, 512] },
      cluster_styles: { data: cs, dims: [1, 4, 128] },
    });
    assert.deepEqual(out.fused!.dims, [1, 512]);
    assert.deepEqual(out.weights!.dims, [1, 4, 512]);
    const fusedError = maxAbsDiff(out.fused!.data, ref.get("t17_fused").data);
    const weightsError = maxAbsDiff(out.weights!.data, ref.get("t17_weights").data);
    console.log("aggregate max abs error", { fused: fusedError, weights: weightsError });
    assert.ok(fusedError < 1e-4 && weightsError < 1e-4);
  });

  await t.step("on three templates at once (dynamic batch), row by row", async () => {
    const scaled = cs.map((v) => v * 0.5);
    const out = await model.run({
      cluster_features: { data: Float32Array.from([...cf, ...cf, ...cf]), dims: [3, 4, 512] },
      cluster_styles: { data: Float32Array.from([...cs, ...scaled, ...cs]), dims: [3, 4, 128] },
    });
    const one = await model.run({
      cluster_features: { data: cf, dims: [1, 4, 512] },
      cluster_styles: { data: scaled, dims: [1, 4, 128] },
    });
    const fused = out.fused!.data;
    assert.ok(maxAbsDiff(fused.subarray(0, 512), ref.get("t17_fused").data) < 1e-4);
    assert.ok(maxAbsDiff(fused.subarray(512, 1024), one.fused!.data) < 1e-6);
    assert.ok(maxAbsDiff(fused.subarray(512, 1024), fused.subarray(0, 512)) > 1e-3);
  });
  await model.release();
});

Deno.test("buildAggregateGraph() names the missing weight", () => {
  const empty = (key: string): Float32Array => {
    throw new RangeError(`Cannot find weight "${key}" in test: the key is missing`);
  };
  assert.throws(() => buildAggregateGraph(empty), {
    name: "RangeError",
    message:
      'Cannot find weight "aggregator.fusion_net.clustering_layer.group_token" in test: the key is missing',
  });
});

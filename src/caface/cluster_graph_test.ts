import assert from "node:assert/strict";
import { OnnxModel } from "../onnx/runner.ts";
import { buildClusterGraph } from "./cluster_graph.ts";
import { loadReference, loadWeights, maxAbsDiff } from "../../fixtures/caface/load.ts";

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
  for (const [name, key] of [
    ["counts", "t17_counts"],
    ["cluster_features", "t17_cluster_features"],
    ["cluster_styles", "t17_cluster_styles"],
    ["assignment", "t17_assignment"],
  ] as const) {
    const expected = ref.get(key);
    assert.deepEqual(out[name]!.dims, expected.shape);
    errors[name] = maxAbsDiff(out[name]!.data, expected.data);
  }
  console.log("cluster max abs error", errors);
  for (const e of Object.values(errors)) assert.ok(e < 1e-4, `error ${e}`);
  await model.release();
});

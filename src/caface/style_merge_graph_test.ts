import assert from "node:assert/strict";
import { GraphBuilder } from "../onnx/mod.ts";
import { OnnxModel } from "../onnx/mod.ts";
import { appendStyleMerge, buildStyleMergeGraph } from "./style_merge_graph.ts";
import { loadReference, loadWeights, maxAbsDiff } from "../../tools/caface/load.ts";

Deno.test("buildStyleMergeGraph() matches the PyTorch SIM on 82 images", async () => {
  const weights = await loadWeights();
  const ref = await loadReference();
  const stats = ref.get("style_stats");
  const model = await OnnxModel.load(buildStyleMergeGraph(weights), { threads: 1 });
  const out = await model.run({ style_stats: { data: stats.data, dims: stats.shape } });
  const expected = ref.get("sim_style");
  assert.deepEqual(out.style!.dims, expected.shape);
  const error = maxAbsDiff(out.style!.data, expected.data);
  console.log("style merge max abs error", error);
  assert.ok(error < 1e-4, `error ${error}`);
  await model.release();
});

Deno.test("appendStyleMerge() adds the SIM to an existing graph", async () => {
  const weights = await loadWeights();
  const ref = await loadReference();
  const g = new GraphBuilder("host");
  const x = g.input("x", ["batch", 384, 2]);
  const doubled = g.op("Mul", [x, g.float("two", [2], [])]);
  const style = appendStyleMerge(g, doubled, weights);
  g.node("Identity", [style], { outputs: ["style"] });
  g.output("style", ["batch", 64]);
  const model = await OnnxModel.load(g.toBytes(), { threads: 1 });
  const stats = ref.get("style_stats");
  const half = stats.data.slice(0, 2 * 768).map((v) => v / 2);
  const out = await model.run({ x: { data: half, dims: [2, 384, 2] } });
  const error = maxAbsDiff(out.style!.data, ref.get("sim_style").data.slice(0, 128));
  assert.ok(error < 1e-4, `error ${error}`);
  await model.release();
});

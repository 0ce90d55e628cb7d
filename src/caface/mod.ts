/**
 * CAFace (Kim et al., "Cluster and Aggregate: Face Recognition with Large Probe Set",
 * NeurIPS 2022) in ONNX: graph builders that turn checkpoint weights into the model
 * directory of docs/caface-onnx.md#the-contract, and the chunked fusion engine that runs such a directory.
 *
 * ```ts ignore
 * import { CafaceEngine, writeCafaceModelDir } from "./mod.ts";
 * await writeCafaceModelDir(weights, "models/caface", { sourceSha256 });
 * const engine = await CafaceEngine.load("models/caface");
 * const fused = await engine.fuse(input, 8);
 * ```
 *
 * @module
 */
export { weightLookup, type Weights, weightsFromBuffer } from "./weights.ts";
export type { WeightLookupOptions, WeightTensor } from "./weights.ts";
export { CAFACE_DIMS } from "./dims.ts";
export {
  buildClusterGraph,
  type ClusterAttention,
  type ClusterGraphOptions,
} from "./cluster_graph.ts";
export { type AggregateGraphOptions, buildAggregateGraph } from "./aggregate_graph.ts";
export {
  appendStyleMerge,
  buildStyleMergeGraph,
  type StyleMergeOptions,
} from "./style_merge_graph.ts";
export {
  CAFACE_MODEL_FILES,
  type CafaceModelMeta,
  writeCafaceModelDir,
  type WriteCafaceModelDirOptions,
} from "./model_dir.ts";
export { arraySplitSizes, CHUNK_WHOLE, DEFAULT_CHUNK } from "./array_split.ts";
export { CafaceEngine, type CafaceEngineOptions } from "./fusion_engine.ts";

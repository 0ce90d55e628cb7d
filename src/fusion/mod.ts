/**
 * Template fusion: many image features in, one L2-normalised feature per template out
 * (docs/fusion.md). `average` (the CAFace paper's baseline), `insightface` (media-grouped
 * sum) and `caface` (the Cluster and Aggregate network, through its ONNX graphs).
 *
 * @module
 */
export {
  FUSION_NAMES,
  type FusionName,
  fusionRuns,
  type FusionSpec,
  isFusionName,
  parseChunks,
  parseFusionNames,
} from "./registry.ts";
export type { FusedTemplates, FusionInput, FusionRun, OnProgress, RowSource } from "./types.ts";
export { averageFusion } from "./average.ts";
export { cafaceFusions } from "./caface.ts";

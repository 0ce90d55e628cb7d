export {
  BACKBONE_LAYOUTS,
  type BackboneInfo,
  type BackboneLayout,
  detectBackbone,
  type DetectBackboneOptions,
  isBackboneLayout,
} from "./detect_backbone.ts";
export { type BackboneGraphOptions, buildBackboneGraph } from "./backbone_graph.ts";
export type { Weights } from "./weights.ts";
export {
  CONVERT_PARTS,
  convertBackbone,
  convertCaface,
  convertCheckpoint,
  type ConvertCheckpointOptions,
  type ConvertPart,
  type ConvertResult,
} from "./convert_checkpoint.ts";
export { convertOnnxToFloat16, type Float16Result, FLOAT32_OPS, toFloat16 } from "./to_float16.ts";
export { IR101_STAGES, randomIrBackbone, type RandomIrOptions } from "./random_backbone.ts";

/**
 * Extraction: images to per-image features, resumable and shardable.
 *
 * ```
 * ImageTable ─► workers (decode, align, normalise) ─► Backbone (ONNX) ─► FeatureStore shards
 *   ─► mergeStores (parts i/N) ─► exportNpy (features.npy, style.npy)
 * ```
 *
 * @module
 */
export { Backbone, type BackboneOptions, type Embeddings } from "./backbone.ts";
export {
  DEFAULT_PREPROCESS,
  FLIP_MODES,
  type FlipMode,
  isFlipMode,
  isPresetName,
  type Preprocess,
  PREPROCESS_PRESETS,
  PRESET_NAMES,
  type PresetName,
  resolvePreprocess,
} from "./preprocess.ts";
export {
  DEFAULT_SHARD_ROWS,
  FAILURE_REASONS,
  type FailureReason,
  imageListSha256,
  isFailureReason,
  manifestDifference,
  parsePart,
  type Part,
  partRowCount,
  type RowFailure,
  STORE_FORMAT,
  type StoreManifest,
} from "./store_manifest.ts";
export { FeatureStore, type Shard } from "./feature_store.ts";
export { exportNpy, type ExportPaths } from "./export_npy.ts";
export { type MergeOptions, mergeStores } from "./merge_stores.ts";
export { storeRowSource } from "./store_row_source.ts";
export {
  extractFeatures,
  type ExtractHooks,
  type ExtractOptions,
  type ExtractResult,
  isOnErrorMode,
  ON_ERROR_MODES,
  type OnErrorMode,
} from "./extract.ts";
export { alignImages, type AlignImagesOptions } from "./align_images.ts";
export { outputPath } from "./output_path.ts";
export { readTensorNpy } from "./read_tensor_npy.ts";

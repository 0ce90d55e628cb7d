/**
 * Extraction: images to per-image features, resumable and shardable.
 *
 * ```
 * ImageTable ─► workers (decode, align, normalise) ─► Backbone (ONNX) ─► FeatureStore shards
 *   ─► mergeStores (parts i/N) ─► exportNpy (features.npy, style.npy)
 * ```
 *
 * The store is content-addressed and checksummed (auditStore decides what to redo); the
 * format is described in docs/feature-store.md.
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
export {
  type RowWarning,
  ShardIntegrityError,
  type ShardRecord,
  WARNING_KINDS,
  type WarningKind,
} from "./shard_record.ts";
export { checkFingerprint, type ImageFingerprint, imageSizesSha256 } from "./image_fingerprint.ts";
export { auditStore, type ShardWork, type StoreAudit } from "./store_audit.ts";
export type { LockOwner } from "../features/mod.ts";
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

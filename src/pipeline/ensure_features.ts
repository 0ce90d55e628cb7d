import {
  extractFeatures,
  type ExtractOptions,
  type ExtractResult,
  type LockOwner,
} from "../extract/mod.ts";
import { extractionInput } from "../protocol/mod.ts";
import type { Benchmark } from "./benchmark.ts";
import type { StageProgress } from "./evaluate.ts";

/** Where the features of an evaluation come from when they must be extracted first. */
export interface FeatureExtraction
  extends Omit<ExtractOptions, "table" | "imageDir" | "store" | "prealigned"> {
  /** Feature store directory; reused (after a settings check) when it exists. */
  store: string;
  /** Folder the image names are relative to. Default: the layout's (`loose_crop`, `images`). */
  images?: string;
  /**
   * Resize the images instead of warping them by their landmarks. Default: the layout's
   * (IJB-S prealigned, IJB-B/C warped); `true` on IJB-B/C reads `loose_crop/` as aligned crops.
   */
  prealigned?: boolean;
}

/** What {@linkcode ensureFeatures} made. */
export interface EnsuredFeatures {
  features: string;
  style?: string;
  /** Rows that could not be read (NaN rows of the export). */
  failures: number;
  imagesPerSecond: number;
  extraction: ExtractResult;
}

/**
 * The one feature front end of every benchmark: extracts (or resumes, or reuses) the
 * features of its images into a feature store, exports `features.npy` (and `style.npy`)
 * and returns their paths with what the extraction did. The layout says which images and
 * how they are aligned: IJB-B/C warps `loose_crop/` by the 5-point landmarks (or resizes
 * them with `prealigned`), IJB-S resizes the aligned crops of `image_list.txt` (written
 * from a scan of `images/` when missing). The store records which (`input.alignment`).
 */
export async function ensureFeatures(
  input: { benchmark: Benchmark; data: string; extraction: FeatureExtraction },
  options: { onProgress?: StageProgress; onLockWait?: (holder: LockOwner) => void } = {},
): Promise<EnsuredFeatures> {
  const { benchmark, data, extraction } = input;
  const { table, imageDir, prealigned } = await extractionInput(benchmark.layout, data);
  const { store: dir, images, prealigned: resize, ...settings } = extraction;
  const result = await extractFeatures({
    ...settings,
    table,
    imageDir: images ?? imageDir,
    store: dir,
    prealigned: prealigned || resize === true,
    export: { features: `${dir}/features.npy`, style: `${dir}/style.npy` },
  }, {
    onProgress: (done, total) => options.onProgress?.("extract", done, total),
    onLockWait: options.onLockWait,
  });
  return {
    features: `${dir}/features.npy`,
    style: result.store.manifest.styleDim === null ? undefined : `${dir}/style.npy`,
    failures: result.exported?.length ?? 0,
    imagesPerSecond: result.imagesPerSecond,
    extraction: result,
  };
}

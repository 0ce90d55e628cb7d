import {
  extractFeatures,
  type ExtractOptions,
  type ExtractResult,
  type LockOwner,
} from "../extract/mod.ts";
import { loadImageTable } from "../protocol/mod.ts";
import type { Benchmark } from "./benchmark.ts";
import type { StageProgress } from "./evaluate.ts";

/** Where the features of an evaluation come from when they must be extracted first. */
export interface FeatureExtraction extends Omit<ExtractOptions, "table" | "imageDir" | "store"> {
  /** Feature store directory; reused (after a settings check) when it exists. */
  store: string;
  /** Folder the image names are relative to. Default `<data>/loose_crop`. */
  images?: string;
}

/**
 * Extracts (or resumes, or reuses) the features of a benchmark's images into a feature
 * store, exports them as `.npy`, and returns the paths the evaluation reads, with what the
 * extraction did (`extraction`: rows computed, repairs, failures and warnings).
 */
export async function ensureFeatures(
  input: { benchmark: Benchmark; data: string; extraction: FeatureExtraction },
  options: { onProgress?: StageProgress; onLockWait?: (holder: LockOwner) => void } = {},
): Promise<{
  features: string;
  style?: string;
  failures: number;
  imagesPerSecond: number;
  extraction: ExtractResult;
}> {
  const { benchmark, data, extraction } = input;
  const table = await loadImageTable(
    `${data}/meta/${benchmark.files.faceTidMid}`,
    `${data}/meta/${benchmark.files.fivePts}`,
  );
  const { store: dir, images, ...settings } = extraction;
  const result = await extractFeatures({
    ...settings,
    table,
    imageDir: images ?? `${data}/loose_crop`,
    store: dir,
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

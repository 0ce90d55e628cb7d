import { exportNpy, extractFeatures } from "../extract/mod.ts";
import { _forEachLine } from "../protocol/_for_each_line.ts";
import { ensureImageList } from "../protocol/mod.ts";
import type { ImageTable } from "../protocol/types.ts";
import type { StageProgress } from "./evaluate.ts";
import type { FeatureExtraction } from "./ensure_features.ts";

/**
 * Extracts (or resumes, or reuses) the features of every line of the IJB-S
 * `image_list.txt` (written from a sorted scan of `images/` when missing) into a feature
 * store, with `prealigned` on: IJB-S images are aligned crops, resized to the backbone input
 * instead of warped. Exports `features.npy` (and `style.npy`) and returns their paths.
 */
export async function ensureIjbsFeatures(
  input: { data: string; extraction: Omit<FeatureExtraction, "images"> },
  options: { onProgress?: StageProgress } = {},
): Promise<{ features: string; style?: string; failures: number; imagesPerSecond: number }> {
  const { data, extraction } = input;
  const list = await ensureImageList(data);
  const names: string[] = [];
  await _forEachLine(list.path, (line) => void names.push(line));
  const rows = names.length;
  const table: ImageTable = {
    names,
    templateIds: new Int32Array(rows),
    mediaIds: new Int32Array(rows),
    landmarks: new Float32Array(rows * 10).fill(NaN),
    faceness: new Float32Array(rows).fill(1),
  };
  const { store: dir, ...settings } = extraction;
  const result = await extractFeatures({
    ...settings,
    table,
    imageDir: `${data}/images`,
    store: dir,
    prealigned: true,
  }, { onProgress: (done, total) => options.onProgress?.("extract", done, total) });
  const paths = {
    features: `${dir}/features.npy`,
    style: result.store.manifest.styleDim === null ? undefined : `${dir}/style.npy`,
  };
  const failures = await exportNpy(result.store, paths);
  return { ...paths, failures: failures.length, imagesPerSecond: result.imagesPerSecond };
}

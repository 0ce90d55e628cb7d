import { matrix } from "../features/mod.ts";
import { forEachFiniteRow, normaliseRows } from "./_accumulate.ts";
import type { FusionRun } from "./types.ts";

/** Options of the insightface image-to-template fusion. */
export interface InsightfaceOptions {
  /** Multiply each image feature by its faceness score first. Default `false` (as CAFace). */
  faceness?: boolean;
  /** L2-normalise each image feature first, discarding its norm. Default `false`. */
  normaliseImages?: boolean;
}

/**
 * The image-to-template fusion of insightface's IJB evaluation (docs/fusion.md): images are
 * grouped by media id, each media contributes the mean of its images' raw features, the
 * template is the **sum** of its media vectors, then L2-normalised (a zero vector stays zero).
 *
 * Since a media mean is `Σ f / n_media`, the template equals `Σ_images f / n_media(image)`,
 * which lets one streaming pass do the work once the media sizes are known; NaN rows are
 * found in a first pass and excluded from the media sizes.
 */
export function insightfaceFusion(options: InsightfaceOptions = {}): FusionRun {
  return {
    fusion: "insightface",
    chunk: null,
    async fuse(input, runOptions = {}) {
      const { dim, rows } = input.features;
      const count = input.templates.ids.length;
      if (options.faceness && input.faceness === undefined) {
        throw new TypeError("Cannot weight by faceness: the protocol has no faceness scores");
      }
      // 1. Find the finite rows.
      const finite = new Uint8Array(rows);
      const half = (done: number, total: number) => runOptions.onProgress?.(done, 2 * total);
      await forEachFiniteRow(input, (row) => finite[row] = 1, half);
      // 2. Media sizes, counting finite rows only.
      const mediaSize = mediaSizes(
        input.templates.offsets,
        input.templates.rows,
        input.mediaIds,
        finite,
      );
      // 3. Accumulate Σ f · w / n_media.
      const sums = new Float64Array(count * dim);
      const droppedRows = await forEachFiniteRow(input, (row, t, data, offset) => {
        let weight = 1 / mediaSize[row]!;
        if (options.faceness) weight *= input.faceness![row]!;
        if (options.normaliseImages) {
          let norm = 0;
          for (let j = 0; j < dim; j++) norm += data[offset + j]! ** 2;
          weight /= Math.sqrt(norm) || 1;
        }
        const base = t * dim;
        for (let j = 0; j < dim; j++) sums[base + j]! += data[offset + j]! * weight;
      }, (done, total) => runOptions.onProgress?.(total + done, 2 * total));
      const features = matrix(count, dim);
      const emptyTemplates = normaliseRows(sums, dim, 0, features.data);
      return { features, droppedRows, emptyTemplates };
    },
  };
}

/** For each image row, how many finite rows share its (template, media). */
function mediaSizes(
  offsets: Uint32Array,
  templateRows: Uint32Array,
  mediaIds: Int32Array,
  finite: Uint8Array,
): Uint32Array {
  const sizes = new Uint32Array(finite.length);
  const perMedia = new Map<number, number>();
  for (let t = 0; t + 1 < offsets.length; t++) {
    perMedia.clear();
    for (let k = offsets[t]!; k < offsets[t + 1]!; k++) {
      const row = templateRows[k]!;
      if (finite[row]) perMedia.set(mediaIds[row]!, (perMedia.get(mediaIds[row]!) ?? 0) + 1);
    }
    for (let k = offsets[t]!; k < offsets[t + 1]!; k++) {
      const row = templateRows[k]!;
      sizes[row] = perMedia.get(mediaIds[row]!) ?? 0;
    }
  }
  return sizes;
}

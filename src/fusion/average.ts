import { matrix } from "../features/mod.ts";
import { forEachFiniteRow, normaliseRows } from "./_accumulate.ts";
import type { FusionRun } from "./types.ts";

/**
 * The CAFace paper's baseline: the mean of all of a template's raw image features (no
 * media grouping), then `x / (‖x‖ + 1e-8)`. Since raw features carry their norm, this is a
 * norm-weighted mean of the unit features.
 *
 * Rows with NaN are dropped first; a template left with no image gets a zero vector.
 * Features are streamed in blocks, so memory is O(templates × dim).
 */
export function averageFusion(): FusionRun {
  return {
    fusion: "average",
    chunk: null,
    async fuse(input, options = {}) {
      const { dim } = input.features;
      const count = input.templates.ids.length;
      const sums = new Float64Array(count * dim);
      const sizes = new Uint32Array(count);
      const droppedRows = await forEachFiniteRow(input, (_row, t, data, offset) => {
        sizes[t]!++;
        const base = t * dim;
        for (let j = 0; j < dim; j++) sums[base + j]! += data[offset + j]!;
      }, options.onProgress);
      for (let t = 0; t < count; t++) {
        const n = sizes[t]!;
        if (n > 1) { for (let j = 0; j < dim; j++) sums[t * dim + j]! /= n; }
      }
      const features = matrix(count, dim);
      const emptyTemplates = normaliseRows(sums, dim, 1e-8, features.data);
      return { features, droppedRows, emptyTemplates };
    },
  };
}

/** Genuine and impostor score counts over shared bins. */
export interface ScoreHistogram {
  /** `bins + 1` bin edges, ascending; the last equals the range's upper end. */
  edges: Float64Array;
  /** Genuine pairs per bin (counts, not densities). */
  genuine: Float64Array;
  /** Impostor pairs per bin (counts, not densities). */
  impostor: Float64Array;
}

/** Options of {@link scoreHistogram}. */
export interface ScoreHistogramOptions {
  /** The number of equal-width bins. Default `100`. */
  bins?: number;
  /** The [low, high] range binned; scores outside it are ignored. Default `[-1, 1]`. */
  range?: readonly [number, number];
}

/**
 * Counts genuine (label ≠ 0) and impostor (label 0) scores in equal-width bins, in one
 * O(n) pass.
 *
 * Reproduces `numpy.histogram(scores.astype(np.float64), bins, range)` for each class:
 * edges are `low + i·(high − low)/bins` with the last set to `high`; bin i holds
 * `edges[i] <= s < edges[i+1]`, except the last bin, which also holds `s == high`. Scores
 * outside the range, and NaN, are not counted anywhere.
 *
 * Degenerate cases: empty inputs give all-zero counts; a class with no scores has
 * all-zero counts.
 *
 * @example Usage
 * ```ts
 * import { scoreHistogram } from "./score_histogram.ts";
 * import assert from "node:assert/strict";
 *
 * const h = scoreHistogram(new Float32Array([-0.5, 0.5, 1]), new Uint8Array([0, 1, 1]), {
 *   bins: 2,
 * });
 * assert.deepEqual(Array.from(h.genuine), [0, 2]);
 * assert.deepEqual(Array.from(h.impostor), [1, 0]);
 * ```
 *
 * @param scores One score per pair.
 * @param labels 1 for a genuine pair, 0 for an impostor pair, same length as `scores`.
 * @param options Bins and range; see {@link ScoreHistogramOptions}.
 * @returns The edges and the per-class counts.
 */
export function scoreHistogram(
  scores: Float32Array | Float64Array,
  labels: Uint8Array,
  options: ScoreHistogramOptions = {},
): ScoreHistogram {
  const { bins = 100, range = [-1, 1] } = options;
  const [low, high] = range;
  if (scores.length !== labels.length) {
    throw new TypeError(
      `Cannot histogram ${scores.length} scores with ${labels.length} labels: expected equal lengths`,
    );
  }
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`Cannot histogram scores into ${bins} bins: expected an integer >= 1`);
  }
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
    throw new RangeError(
      `Cannot histogram scores over range [${low}, ${high}]: expected finite low < high`,
    );
  }
  const edges = new Float64Array(bins + 1);
  const step = (high - low) / bins;
  for (let i = 0; i < bins; i++) edges[i] = i * step + low;
  edges[bins] = high;
  const genuine = new Float64Array(bins);
  const impostor = new Float64Array(bins);
  const scale = bins / (high - low);
  const last = bins - 1;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (!(s >= low && s <= high)) continue;
    let b = Math.floor((s - low) * scale);
    if (b > last) b = last;
    // Correct the rounding of the division against the edges, as numpy does.
    if (s < (edges[b] as number)) b--;
    else if (b < last && s >= (edges[b + 1] as number)) b++;
    const counts = labels[i] === 0 ? impostor : genuine;
    counts[b] = (counts[b] as number) + 1;
  }
  return { edges, genuine, impostor };
}

/**
 * Template-size bins in powers of two: 0 (a template with no usable image), 1, 2–3, 4–7, …,
 * 1024–2047, 2048+. IJB-B/C templates fill the first few; IJB-S surveillance tracks reach
 * the last. Views leave out the bins that are empty in every run.
 */
export const SIZE_BINS: readonly (readonly [string, number, number])[] = [
  ["0", 0, 1],
  ...Array.from({ length: 11 }, (_, k) => {
    const lo = 2 ** k, hi = 2 ** (k + 1);
    return [hi - lo === 1 ? `${lo}` : `${lo}–${hi - 1}`, lo, hi] as const;
  }),
  ["2048+", 2048, Infinity],
];

/** One bin's result: its label, how many items fell in it and the rate. */
export interface SizeBin {
  bin: string;
  count: number;
  /** NaN when the bin is empty. */
  rate: number;
}

function _bin(size: number): number {
  return size <= 0 ? 0 : Math.min(SIZE_BINS.length - 1, 1 + Math.floor(Math.log2(size)));
}

/**
 * TAR at one global operating point, per bin of template size. A pair's size is that of its
 * smaller template (the side that limits set fusion). The threshold is global: the k-th
 * highest impostor score with `k = max(1, floor(far · impostors))`, and a genuine pair is
 * accepted when its score is strictly above it; so every bin is judged at the same
 * operating point and only the genuine scores differ. `sizes` holds both templates'
 * image counts per pair, in pair order; only the genuine pairs' entries are read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tarBySize } from "./by_template_size.ts";
 * const bins = tarBySize(
 *   Float32Array.of(0.9, 0.2, 0.5, 0.1),
 *   Uint8Array.of(1, 1, 0, 0),
 *   { size1: Int32Array.of(1, 5, 1, 1), size2: Int32Array.of(3, 9, 1, 1) },
 *   { far: 0.5 },
 * );
 * // Bins "0", "1", "2–3", "4–7": a pair counts in the bin of its smaller template.
 * assert.deepEqual(bins.bins.slice(0, 4).map((b) => b.rate), [NaN, 1, NaN, 0]);
 * ```
 */
export function tarBySize(
  scores: Float32Array,
  labels: Uint8Array,
  sizes: { size1: Int32Array; size2: Int32Array },
  options: { far: number },
): { threshold: number; bins: SizeBin[] } {
  let count = 0;
  for (let i = 0; i < scores.length; i++) count += labels[i] === 0 ? 1 : 0;
  const k = Math.max(1, Math.floor(options.far * count));
  const threshold = count ? _kthLargest(scores, labels, Math.min(k, count)) : -Infinity;
  const total = new Float64Array(SIZE_BINS.length), hits = new Float64Array(SIZE_BINS.length);
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    const b = _bin(Math.min(sizes.size1[i]!, sizes.size2[i]!));
    total[b]!++;
    if (scores[i]! > threshold) hits[b]!++;
  }
  return { threshold, bins: _bins(total, hits) };
}

/** Rank-1 per bin of probe template size, over mated probes (`rank` 1 = hit). */
export function rank1BySize(
  stats: { mated: Uint8Array; rank: Int32Array },
  probeSizes: Int32Array,
): SizeBin[] {
  const total = new Float64Array(SIZE_BINS.length), hits = new Float64Array(SIZE_BINS.length);
  for (let i = 0; i < stats.mated.length; i++) {
    if (stats.mated[i] !== 1) continue;
    const b = _bin(probeSizes[i]!);
    total[b]!++;
    if (stats.rank[i] === 1) hits[b]!++;
  }
  return _bins(total, hits);
}

function _bins(total: Float64Array, hits: Float64Array): SizeBin[] {
  return SIZE_BINS.map(([bin], b) => ({
    bin,
    count: total[b]!,
    rate: total[b]! > 0 ? hits[b]! / total[b]! : NaN,
  }));
}

/**
 * The k-th largest impostor score: a min-heap of the k largest seen (most scores fail the
 * first comparison), or a typed-array sort when k is large.
 */
function _kthLargest(scores: Float32Array, labels: Uint8Array, k: number): number {
  if (k > 1 << 16) {
    const impostors = scores.filter((_, i) => labels[i] === 0).sort();
    return impostors[impostors.length - k]!;
  }
  const heap = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 0) continue;
    const s = scores[i]!;
    if (size < k) {
      let j = size++;
      while (j > 0 && heap[(j - 1) >> 1]! > s) {
        heap[j] = heap[(j - 1) >> 1]!;
        j = (j - 1) >> 1;
      }
      heap[j] = s;
    } else if (s > heap[0]!) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1, r = l + 1;
        let m = j, v = s;
        if (l < k && heap[l]! < v) [m, v] = [l, heap[l]!];
        if (r < k && heap[r]! < v) m = r;
        if (m === j) break;
        heap[j] = heap[m]!;
        j = m;
      }
      heap[j] = s;
    }
  }
  return heap[0]!;
}

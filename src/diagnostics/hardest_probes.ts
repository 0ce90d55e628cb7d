import { _keep } from "./hardest_pairs.ts";

/** One probe in {@linkcode hardestProbes}. */
export interface HardProbe {
  /** The probe template. */
  template: number;
  /** Rank of its best mate in the gallery union (1 = first; a tie counts against it). */
  rank: number;
  /** Its best mate score, and the gallery template that has it. */
  mateScore: number;
  mate: number;
  /** Images (frames) in the probe template. */
  images: number;
}

/**
 * The mated probes that fail worst in the closed set: the `count` whose mate ranks lowest,
 * ties broken by the lower mate score. `stats` holds per probe whether it is mated, its
 * rank, its best mate score and the gallery column of that mate (see `probeStats`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hardestProbes } from "./hardest_probes.ts";
 * const hard = hardestProbes({
 *   mated: Uint8Array.of(1, 1, 0, 1),
 *   rank: Int32Array.of(1, 4, 0, 4),
 *   mate: Float64Array.of(0.9, 0.3, NaN, 0.2),
 *   mateColumn: Int32Array.of(0, 1, -1, 0),
 * }, { probes: Int32Array.of(10, 11, 12, 13), gallery: Int32Array.of(100, 101) }, () => 5, {
 *   count: 2,
 * });
 * assert.deepEqual(hard.map((p) => [p.template, p.rank, p.mate]), [[13, 4, 100], [11, 4, 101]]);
 * ```
 */
export function hardestProbes(
  stats: { mated: Uint8Array; rank: Int32Array; mate: Float64Array; mateColumn: Int32Array },
  templates: { probes: Int32Array; gallery: Int32Array },
  sizeOf: (template: number) => number,
  options: { count?: number } = {},
): HardProbe[] {
  const count = options.count ?? 8;
  const kept: number[] = [];
  const worse = (a: number, b: number) =>
    stats.rank[a]! > stats.rank[b]! ||
    (stats.rank[a] === stats.rank[b] && stats.mate[a]! < stats.mate[b]!);
  for (let i = 0; i < stats.mated.length; i++) {
    if (stats.mated[i] === 1 && stats.rank[i]! > 1) _keep(kept, count, i, worse);
  }
  return kept.map((i) => ({
    template: templates.probes[i]!,
    rank: stats.rank[i]!,
    mateScore: stats.mate[i]!,
    mate: templates.gallery[stats.mateColumn[i]!]!,
    images: sizeOf(templates.probes[i]!),
  }));
}

/**
 * What the failure diagnostics need from a benchmark: image counts per template, per pair
 * and per probe, computed once per split and shared by every fusion run.
 *
 * @module
 */
import {
  hardestPairs,
  hardestProbes,
  rank1BySize,
  type RunDiagnostics,
  tarBySize,
} from "../diagnostics/mod.ts";
import type { PairList, Templates, TemplateSet } from "../protocol/mod.ts";
import { TemplateIndex } from "../scoring/mod.ts";

/** The operating point of the diagnostics. */
export const DIAGNOSTICS_FAR = 1e-4;

/** Template sizes of a benchmark, and the per-split size arrays built from them. */
export class _DiagnosticsContext {
  #index: TemplateIndex;
  #sizes: Int32Array;
  #pairSizes = new WeakMap<PairList, { size1: Int32Array; size2: Int32Array }>();

  constructor(templates: Templates) {
    this.#index = new TemplateIndex(templates.ids);
    const { offsets } = templates;
    this.#sizes = new Int32Array(templates.ids.length);
    for (let t = 0; t < this.#sizes.length; t++) this.#sizes[t] = offsets[t + 1]! - offsets[t]!;
  }

  /** Image count of a template (0 when unknown). */
  sizeOf = (template: number): number => {
    const t = this.#index.get(template);
    return t < 0 ? 0 : this.#sizes[t]!;
  };

  /** Image counts of many templates. */
  sizesOf(templates: Int32Array): Int32Array {
    const out = this.#index.lookup(templates);
    const sizes = this.#sizes;
    for (let i = 0; i < out.length; i++) out[i] = out[i]! < 0 ? 0 : sizes[out[i]!]!;
    return out;
  }

  /** Verification diagnostics of one run's scores on one split: TAR by size, hardest pairs. */
  verification(label: string, scores: Float32Array, pairs: PairList): RunDiagnostics {
    let sizes = this.#pairSizes.get(pairs);
    if (!sizes) {
      sizes = this.#genuineSizes(pairs);
      this.#pairSizes.set(pairs, sizes);
    }
    return {
      label,
      far: DIAGNOSTICS_FAR,
      tarBySize: tarBySize(scores, pairs.labels, sizes, { far: DIAGNOSTICS_FAR }).bins,
      hardest: hardestPairs(scores, pairs, this.sizeOf),
    };
  }

  /**
   * Image counts of both templates of the genuine pairs, the only ones `tarBySize` reads
   * (0 at impostor pairs): 16 million pairs need no lookups, and the untouched pages of
   * the two arrays are never faulted in.
   */
  #genuineSizes(pairs: PairList): { size1: Int32Array; size2: Int32Array } {
    const n = pairs.labels.length;
    const size1 = new Int32Array(n), size2 = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (pairs.labels[i] !== 1) continue;
      size1[i] = this.sizeOf(pairs.t1[i]!);
      size2[i] = this.sizeOf(pairs.t2[i]!);
    }
    return { size1, size2 };
  }

  /** Rank-1 by probe size and the hardest probes, from the closed-set statistics. */
  identification(
    stats: { mated: Uint8Array; rank: Int32Array; mate: Float64Array; mateColumn: Int32Array },
    probes: TemplateSet,
    gallery: TemplateSet,
  ): Pick<RunDiagnostics, "rank1BySize" | "hardestProbes"> {
    return {
      rank1BySize: rank1BySize(stats, this.sizesOf(probes.templateIds)),
      hardestProbes: hardestProbes(stats, {
        probes: probes.templateIds,
        gallery: gallery.templateIds,
      }, this.sizeOf),
    };
  }
}

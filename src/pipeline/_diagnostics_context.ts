/**
 * What the failure diagnostics need from a protocol: image counts per pair and per probe,
 * and a few image paths per template for thumbnails.
 *
 * @module
 */
import { hardestPairs, rank1BySize, type RunDiagnostics, tarBySize } from "../diagnostics/mod.ts";
import type { Protocol, TemplateSet } from "../protocol/types.ts";

/** The operating point of the diagnostics. */
export const DIAGNOSTICS_FAR = 1e-4;

/** Template sizes and image paths of a protocol. */
export class _DiagnosticsContext {
  #index = new Map<number, number>();
  #protocol: Protocol;
  #imageDir: string;
  #pairSizes?: { size1: Int32Array; size2: Int32Array };

  constructor(protocol: Protocol, imageDir: string) {
    this.#protocol = protocol;
    this.#imageDir = imageDir;
    protocol.templates.ids.forEach((id, i) => this.#index.set(id, i));
  }

  /** Image count of a template (0 when unknown). */
  countOf(template: number): number {
    const t = this.#index.get(template);
    const offsets = this.#protocol.templates.offsets;
    return t === undefined ? 0 : offsets[t + 1]! - offsets[t]!;
  }

  /** Image count and file paths of a template. */
  imagesOf(template: number): { count: number; paths: string[] } {
    const t = this.#index.get(template);
    if (t === undefined) return { count: 0, paths: [] };
    const { offsets, rows } = this.#protocol.templates;
    const start = offsets[t]!, end = offsets[t + 1]!;
    const paths: string[] = [];
    for (let k = start; k < Math.min(end, start + 3); k++) {
      paths.push(`${this.#imageDir}/${this.#protocol.images.names[rows[k]!]}`);
    }
    return { count: end - start, paths };
  }

  /** Verification diagnostics of one run's pair scores. */
  verification(label: string, scores: Float32Array): RunDiagnostics {
    const pairs = this.#protocol.pairs!;
    const size = (t: number) => this.countOf(t);
    this.#pairSizes ??= {
      size1: Int32Array.from(pairs.t1, size),
      size2: Int32Array.from(pairs.t2, size),
    };
    return {
      label,
      far: DIAGNOSTICS_FAR,
      tarBySize: tarBySize(scores, pairs.labels, this.#pairSizes, { far: DIAGNOSTICS_FAR }).bins,
      hardest: hardestPairs(scores, pairs, this),
    };
  }

  /** Rank-1 by probe size from the closed-set statistics of the probes. */
  identification(stats: { mated: Uint8Array; rank: Int32Array }, probes: TemplateSet) {
    return rank1BySize(stats, Int32Array.from(probes.templateIds, (t) => this.countOf(t)));
  }
}

import type { FusedTemplates, FusionInput, OnProgress } from "../core/mod.ts";

export type { FusedTemplates, FusionInput, OnProgress, RowSource } from "../core/mod.ts";

/** One result row of a fusion method (CAFace produces one per chunk size). */
export interface FusionRun {
  /** Name written to metrics.json, e.g. "average", "caface". */
  readonly fusion: string;
  /** Chunk size, or null for fusions without chunks. */
  readonly chunk: number | null;
  /**
   * Throws when the run cannot fuse inputs of these widths (e.g. CAFace without style
   * vectors), so that an evaluation stops before any run starts. Optional.
   */
  check?(input: Pick<FusionInput, "features" | "style">): void;
  /** Fuses every template; `onProgress` counts image rows (frames) done, not templates. */
  fuse(input: FusionInput, options?: { onProgress?: OnProgress }): Promise<FusedTemplates>;
}

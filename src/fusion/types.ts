import type { Matrix } from "../features/matrix.ts";
import type { Templates } from "../protocol/types.ts";

/** Rows of a per-image table read in blocks, so large feature files are streamed. */
export interface RowSource {
  readonly rows: number;
  readonly dim: number;
  /** Returns rows `start .. start+count-1` as a fresh row-major Float32Array. */
  readRows(start: number, count: number): Promise<Float32Array>;
  /** Releases the underlying file, if any. */
  close?(): void;
}

/** What every fusion method receives. */
export interface FusionInput {
  /** Raw (not normalised) per-image embeddings, in meta-file row order. */
  readonly features: RowSource;
  /** Optional per-image style vectors (CAFace), same row order. */
  readonly style?: RowSource;
  readonly templates: Templates;
  /** Media id per image row (insightface media grouping). */
  readonly mediaIds: Int32Array;
  /** Detector score per image row (optional insightface weighting). */
  readonly faceness?: Float32Array;
}

/** Progress callback: units done out of total. */
export type OnProgress = (done: number, total: number) => void;

/** The fused, L2-normalised template features, one row per template in ascending id order. */
export interface FusedTemplates {
  readonly features: Matrix;
  /** Image rows dropped because they contain NaN. */
  readonly droppedRows: number;
  /** Templates left without any image (zero vectors). */
  readonly emptyTemplates: number;
}

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
  fuse(input: FusionInput, options?: { onProgress?: OnProgress }): Promise<FusedTemplates>;
}

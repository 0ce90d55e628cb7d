import type { Matrix } from "./matrix.ts";
import type { RowSource } from "./row_source.ts";
import type { Templates } from "./templates.ts";

/** What every fusion method receives. */
export interface FusionInput {
  /** Raw (not normalised) per-image embeddings, in the layout's image order. */
  readonly features: RowSource;
  /** Optional per-image style vectors (CAFace), same row order. */
  readonly style?: RowSource;
  readonly templates: Templates;
  /** Media id per image row (insightface media grouping). */
  readonly mediaIds: Int32Array;
  /** Detector score per image row (optional insightface weighting). */
  readonly faceness?: Float32Array;
}

/** The fused, L2-normalised template features, one row per template in ascending id order. */
export interface FusedTemplates {
  readonly features: Matrix;
  /** Image rows dropped because they contain NaN. */
  readonly droppedRows: number;
  /** Templates left without any image (zero vectors). */
  readonly emptyTemplates: number;
}

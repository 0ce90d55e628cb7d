import type { Templates } from "../core/mod.ts";

export type { Templates } from "../core/mod.ts";

/** The per-image table of an IJB protocol: line i of face_tid_mid and of 5pts. */
export interface ImageTable {
  /** Image file names (relative to `loose_crop/`), in file order. */
  readonly names: readonly string[];
  readonly templateIds: Int32Array;
  readonly mediaIds: Int32Array;
  /** Five (x, y) landmarks per image: `[rows * 10]`, absolute pixels in the loose crop. */
  readonly landmarks: Float32Array;
  /** Detector (faceness) score per image. */
  readonly faceness: Float32Array;
}

/** The 1:1 verification pairs, as parallel arrays. */
export interface PairList {
  readonly t1: Int32Array;
  readonly t2: Int32Array;
  /** 1 genuine, 0 impostor. */
  readonly labels: Uint8Array;
}

/** One 1:N template set (a gallery or the probes): one subject per template. */
export interface TemplateSet {
  readonly name: string;
  readonly templateIds: Int32Array;
  readonly subjectIds: Int32Array;
}

/** Everything an evaluation needs from a dataset's metadata. */
export interface Protocol {
  readonly dataset: string;
  readonly images: ImageTable;
  readonly templates: Templates;
  readonly pairs?: PairList;
  readonly galleries: readonly TemplateSet[];
  readonly probes?: TemplateSet;
}

import type { FusionName } from "../fusion/mod.ts";
import type { OpenSetRule } from "../metrics/mod.ts";
import { type IjbFiles, type Layout, SPLIT_KINDS, type SplitKind } from "../protocol/mod.ts";

/** The evaluation tasks, one per split kind: `--tasks verification,identification`. */
export const TASKS = SPLIT_KINDS;
/** One of {@linkcode TASKS}. */
export type Task = SplitKind;

/**
 * A benchmark definition: where its files lie, and what it supports. Everything a
 * benchmark cannot do is refused before any work (`evaluationPlan`), never ignored.
 */
export interface Benchmark {
  readonly name: string;
  readonly title: string;
  readonly layout: Layout;
  /** The tasks its splits provide. */
  readonly tasks: readonly Task[];
  /** The fusions that apply to its templates (insightface needs media ids). */
  readonly fusions: readonly FusionName[];
  /** Fusions run when `--fusion` is not given. */
  readonly defaultFusions: readonly FusionName[];
  /**
   * Open-set rules a user may choose with `--open-set-rule`; the first is the default
   * (docs/identification.md). IJB-S protocols define their own rule: one choice.
   */
  readonly openSetRules: readonly OpenSetRule[];
  /** The layout of `table.md`: the IJB-B/C metric columns, or the paper's IJB-S table. */
  readonly table: "ijb" | "ijbs";
  /** False for features-level fixtures, which have no images to embed. */
  readonly images: boolean;
  /** Data directory used when `--data` is not given (embedded fixtures). */
  readonly defaultData?: string;
  /** Per-image features used when `--features` is not given. */
  readonly defaultFeatures?: string;
  /** Per-image style vectors used with the default features (CAFace). */
  readonly defaultStyle?: string;
  /**
   * CAFace inputs derived from the shipped data, used by `--fusion caface` when none of
   * `--data`, `--features`, `--style`, `--caface` or `--backbone` is given.
   */
  readonly cafaceDemo?: CafaceDemo;
}

/** A benchmark's derived CAFace demo inputs: `features.npy`, `style.npy` and `model/`. */
export interface CafaceDemo {
  /** Their folder, relative to the repository (written on first use, then reused). */
  readonly dir: string;
  /** Writes them into `dir` (an absolute path) unless they are already complete there. */
  prepare(dir: string): Promise<void>;
}

/** Prefixes the insightface IJB file names with a dataset prefix such as `ijbb`. */
export function ijbFiles(prefix: string, galleries: readonly [string, string]): IjbFiles {
  return {
    faceTidMid: `${prefix}_face_tid_mid.txt`,
    fivePts: `${prefix}_name_5pts_score.txt`,
    pairs: `${prefix}_template_pair_label.txt`,
    galleries: galleries.map((g) => ({ name: g, file: `${prefix}_1N_gallery_${g}.csv` })),
    probes: `${prefix}_1N_probe_mixed.csv`,
  };
}

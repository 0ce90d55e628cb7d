import type { OpenSetRule } from "../metrics/mod.ts";

/** The evaluation tasks a benchmark can run. */
export const TASKS = ["verification", "identification"] as const;
/** One of {@linkcode TASKS}. */
export type Task = typeof TASKS[number];

/** Meta file names of one benchmark, relative to `<data>/meta/`. */
export interface BenchmarkFiles {
  readonly faceTidMid: string;
  readonly fivePts: string;
  readonly pairs?: string;
  readonly galleries: readonly { readonly name: string; readonly file: string }[];
  readonly probes?: string;
}

/** A benchmark definition: which files, which tasks, which metric rules. */
export interface Benchmark {
  readonly name: string;
  readonly title: string;
  readonly files: BenchmarkFiles;
  readonly tasks: readonly Task[];
  /** Default open-set rule for TPIR@FPIR (docs/identification.md). */
  readonly openSetRule: OpenSetRule;
  /** Data directory used when `--data` is not given (embedded fixtures). */
  readonly defaultData?: string;
  /** Per-image features used when `--features` is not given. */
  readonly defaultFeatures?: string;
}

/** Prefixes the insightface IJB file names with a dataset prefix such as `ijbb`. */
export function ijbFiles(
  prefix: string,
  galleries: readonly [string, string],
): BenchmarkFiles {
  return {
    faceTidMid: `${prefix}_face_tid_mid.txt`,
    fivePts: `${prefix}_name_5pts_score.txt`,
    pairs: `${prefix}_template_pair_label.txt`,
    galleries: galleries.map((g) => ({ name: g, file: `${prefix}_1N_gallery_${g}.csv` })),
    probes: `${prefix}_1N_probe_mixed.csv`,
  };
}

/** Every meta file a benchmark's evaluation reads, relative to `<data>/meta/`, in a fixed order. */
export function metaFiles(files: BenchmarkFiles): string[] {
  return [files.faceTidMid, files.fivePts, files.pairs, files.probes]
    .concat(files.galleries.map((g) => g.file))
    .filter((f): f is string => f !== undefined);
}

/**
 * An IJB-S benchmark: the cs6 layout (`protocols/`, `image_list.txt`, `images/`) read by
 * `loadIjbs`, three identification protocols, AdaFace's open-set rule. See docs/ijbs.md.
 */
export interface IjbsBenchmark {
  readonly layout: "ijbs";
  readonly name: string;
  readonly title: string;
  readonly openSetRule: "ijbs";
  /** Data directory used when `--data` is not given (embedded fixtures). */
  readonly defaultData?: string;
  /** Per-image features used when `--features` is not given. */
  readonly defaultFeatures?: string;
}

/** Any benchmark of the registry. */
export type AnyBenchmark = Benchmark | IjbsBenchmark;

/** True for an IJB-S benchmark. */
export function isIjbsBenchmark(b: AnyBenchmark): b is IjbsBenchmark {
  return "layout" in b && b.layout === "ijbs";
}

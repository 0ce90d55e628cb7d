import type { PairList, Templates, TemplateSet } from "./types.ts";

/**
 * A 1:1 verification split: template pairs with genuine/impostor labels.
 *
 * `protocol` groups splits into result rows: every split of one protocol contributes to the
 * same `metrics.json` row (IJB-B/C: the verification and the identification split share the
 * unnamed protocol); a named protocol (`"surveillance_to_single"`) gets rows of its own.
 */
export interface VerificationSplit {
  readonly kind: "verification";
  readonly protocol?: string;
  readonly pairs: PairList;
  /** The file the pairs came from, relative to the data folder (for messages). */
  readonly source: string;
}

/**
 * A 1:N identification split: probe templates searched in one or more galleries. The closed
 * set uses the galleries' union; the open-set rule is the evaluation's (see
 * `tpirAtFpir`), per gallery or on the union.
 */
export interface IdentificationSplit {
  readonly kind: "identification";
  readonly protocol?: string;
  readonly probe: TemplateSet;
  readonly galleries: readonly TemplateSet[];
}

/** One evaluation split of a benchmark. */
export type Split = VerificationSplit | IdentificationSplit;

/** The split kinds, as `--tasks` names them. */
export const SPLIT_KINDS = ["verification", "identification"] as const;
/** One of {@linkcode SPLIT_KINDS}. */
export type SplitKind = typeof SPLIT_KINDS[number];

/** The per-image rows of a benchmark: what fusion and the diagnostics read of them. */
export interface ImageRows {
  /** Feature rows: one per image. */
  readonly count: number;
  /** The folder the image names are relative to. */
  readonly dir: string;
  /** The file whose lines are the rows, relative to the data folder (for messages). */
  readonly listFile: string;
  /** Media id per row, for the insightface fusion; absent when the layout has none. */
  readonly mediaIds?: Int32Array;
  /** Detector score per row; absent when the layout has none. */
  readonly faceness?: Float32Array;
  /** The file names of `rows`, relative to `dir`, in the order asked. */
  names(rows: readonly number[]): Promise<string[]>;
}

/**
 * What a loader yields: one dataset's templates and the splits evaluated on them.
 * Everything after the loader (fusion, scoring, metrics, intervals, report, gate) works on
 * this and never asks which dataset it came from.
 */
export interface BenchmarkData {
  readonly dataset: string;
  readonly images: ImageRows;
  /** Templates as CSR groups of image rows, ascending id. */
  readonly templates: Templates;
  readonly splits: readonly Split[];
  /** The protocol files read, relative to the data folder, in a fixed order. */
  readonly inputs: readonly string[];
  /** Facts about the load for the provenance, e.g. `{ image_list_created: true }`. */
  readonly notes: Readonly<Record<string, unknown>>;
}

/** The distinct template sets of a benchmark's identification splits, in first-seen order. */
export function templateSets(splits: readonly Split[]): TemplateSet[] {
  const out: TemplateSet[] = [];
  for (const split of splits) {
    if (split.kind !== "identification") continue;
    for (const set of [...split.galleries, split.probe]) if (!out.includes(set)) out.push(set);
  }
  return out;
}

/** The pairs of every verification split as one list (most benchmarks have one split). */
export function verificationPairs(splits: readonly Split[]): PairList | undefined {
  const lists = splits.flatMap((s) => s.kind === "verification" ? [s.pairs] : []);
  if (lists.length <= 1) return lists[0];
  const join = <T extends Int32Array | Uint8Array>(parts: T[], make: (n: number) => T) => {
    const out = make(parts.reduce((n, p) => n + p.length, 0));
    let k = 0;
    for (const p of parts) {
      out.set(p, k);
      k += p.length;
    }
    return out;
  };
  return {
    t1: join(lists.map((p) => p.t1), (n) => new Int32Array(n)),
    t2: join(lists.map((p) => p.t2), (n) => new Int32Array(n)),
    labels: join(lists.map((p) => p.labels), (n) => new Uint8Array(n)),
  };
}

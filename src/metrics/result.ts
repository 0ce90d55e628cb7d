/** The shapes written to `metrics.json`. Fractions are in [0, 1]. */

export interface VerificationResult {
  pairs: number;
  genuine: number;
  impostor: number;
  /** Keys are the FAR targets as written by `String()` of `1e-6` … `1e-1`, e.g. "1e-6", "0.1" → see FAR_KEYS. */
  tar_at_far: Record<string, number>;
  auc: number;
  /** 95% intervals of the metrics above, same keys (two-stage bootstrap; docs/uncertainty.md). */
  ci95?: { tar_at_far: Record<string, Interval>; auc: Interval };
}

/** A confidence interval `[lo, hi]`; `null` in JSON where the metric is undefined (NaN). */
export type Interval = [number, number];

export interface IdentificationResult {
  /**
   * Every probe template of the split. (Files written before the IJB-B/C and IJB-S paths
   * were one held the mated count here for IJB-B/C; `mated_probes` holds it now.)
   */
  probes: number;
  /** Probes whose subject has no gallery template (left out of rank-k and insightface-1n). */
  probes_without_mate?: number;
  /** Probes with a mate in the gallery (G1 or G2): the closed-set denominator. */
  mated_probes?: number;
  rank: Record<string, number>;
  /** The open-set rule that `tpir_at_fpir` follows (docs/identification.md). */
  open_set_rule?: string;
  tpir_at_fpir: Record<string, number>;
  /** Every requested open-set rule's TPIR@FPIR, when more than one was asked for. */
  tpir_at_fpir_by_rule?: Record<string, Record<string, number>>;
  /** 95% intervals of the metrics above, same keys (two-stage bootstrap; docs/uncertainty.md). */
  ci95?: { rank: Record<string, Interval>; tpir_at_fpir: Record<string, Interval> };
}

export interface FusionResult {
  /** IJB-S: the protocol of this row, e.g. `"surveillance_to_single"`. */
  protocol?: string;
  fusion: string;
  chunk: number | null;
  verification?: VerificationResult;
  identification?: IdentificationResult;
  /** IJB-S: templates of this protocol (probes and galleries) with no usable row. */
  empty_templates?: number;
}

export interface MetricsFile {
  dataset: string;
  results: FusionResult[];
  provenance: Record<string, unknown>;
}

/** Target FARs and their keys in `metrics.json`. */
export const FAR_TARGETS = [
  ["1e-6", 1e-6],
  ["1e-5", 1e-5],
  ["1e-4", 1e-4],
  ["1e-3", 1e-3],
  ["1e-2", 1e-2],
  ["1e-1", 1e-1],
] as const;

/** Target FPIRs and their keys in `metrics.json`. */
export const FPIR_TARGETS = [["1e-2", 1e-2], ["1e-1", 1e-1]] as const;

/** Ranks reported in `metrics.json`. */
export const RANKS = [1, 5, 10] as const;

import { FAR_TARGETS, FPIR_TARGETS, type Interval, RANKS } from "../metrics/mod.ts";
import type { IdentificationResult, VerificationResult } from "../metrics/mod.ts";
import {
  column,
  identificationResamples,
  type Resamples,
  verificationResamplesParallel,
} from "./bootstrap.ts";
import { scoreInterval } from "./score_interval.ts";
import { aucInterval } from "./studentized_interval.ts";
import type { IdentificationBootstrap } from "./identification_bootstrap.ts";
import type { SubjectDraws } from "./subject_draws.ts";
import type { VerificationBootstrap } from "./verification_bootstrap.ts";

/** The FARs of the ROC band: quarter decades from 1e-6 to 1e-1 (21 points). */
export const ROC_BAND_FARS: readonly number[] = Array.from(
  { length: 21 },
  (_, k) => 10 ** (-6 + k / 4),
);

/** A pointwise band around a ROC curve: the interval of TAR at each FAR of `far`. */
export interface RocBand {
  far: number[];
  lo: number[];
  hi: number[];
}

/** Metric names of the verification resamples, in column order. */
export const VERIFICATION_METRICS: readonly string[] = [
  ...FAR_TARGETS.map(([key]) => `TAR@FAR=${key}`),
  "AUC",
];

/** Metric names of the identification resamples, in column order. */
export const IDENTIFICATION_METRICS: readonly string[] = [
  ...RANKS.map((k) => `Rank-${k}`),
  ...FPIR_TARGETS.map(([key]) => `TPIR@FPIR=${key}`),
];

/**
 * Bootstraps the verification metrics: the `ci95` block of `metrics.json` (same keys as
 * `tar_at_far` and `auc`), the ROC band, and the resamples of the reported metrics (six
 * TAR@FAR then AUC) for paired comparisons. Each TAR interval is a
 * {@linkcode scoreInterval} of the subjects resamples corrected by the pair-level
 * resamples ({@linkcode VerificationBootstrap.pairResamples}, same count and seed as
 * `draws`); the AUC's is the studentised {@linkcode aucInterval}.
 */
export async function verificationCi(
  sampler: VerificationBootstrap,
  draws: SubjectDraws,
  level = 0.95,
): Promise<{ ci95: NonNullable<VerificationResult["ci95"]>; band: RocBand; resamples: Resamples }> {
  const targets = FAR_TARGETS.map(([, far]) => far);
  const fars = [...targets, ...ROC_BAND_FARS];
  // The workers of the subjects stage start first; the pair-level stage runs meanwhile.
  const subjectsStage = verificationResamplesParallel(sampler, draws, fars);
  const pairs: Resamples = {
    resamples: draws.resamples,
    metrics: fars.length,
    values: sampler.pairResamples(fars, { resamples: draws.resamples, seed: draws.seed }),
  };
  const all = await subjectsStage;
  const point = new Float64Array(fars.length + 1);
  sampler.evaluate(new Uint32Array(sampler.subjects).fill(1), 0, fars, point);
  const ints = Array.from(
    { length: all.metrics },
    (_, m) =>
      m < fars.length
        ? scoreInterval(point[m]!, column(all, m), sampler.genuine, {
          level,
          pairLevel: column(pairs, m),
        })
        : aucInterval(
          point[m]!,
          column(all, m),
          sampler.aucInfluence(),
          draws,
          sampler.genuine,
          level,
        ),
  );
  const t = targets.length, bandEnd = t + ROC_BAND_FARS.length;
  const reported: Resamples = {
    resamples: all.resamples,
    metrics: t + 1,
    values: new Float64Array(all.resamples * (t + 1)),
  };
  for (let b = 0; b < all.resamples; b++) {
    for (let m = 0; m < t; m++) reported.values[b * (t + 1) + m] = all.values[b * all.metrics + m]!;
    reported.values[b * (t + 1) + t] = all.values[b * all.metrics + bandEnd]!;
  }
  return {
    ci95: {
      tar_at_far: Object.fromEntries(FAR_TARGETS.map(([key], i) => [key, ints[i]!])),
      auc: ints[bandEnd]!,
    },
    band: {
      far: [...ROC_BAND_FARS],
      lo: ints.slice(t, bandEnd).map((i) => i[0]),
      hi: ints.slice(t, bandEnd).map((i) => i[1]),
    },
    resamples: reported,
  };
}

/**
 * Bootstraps rank-k and TPIR@FPIR: the `ci95` block of `identification` and the resamples.
 * Each interval is a {@linkcode scoreInterval} over the mated probes (no pair-level stage:
 * a probe belongs to one subject). TPIR has no interval at an FPIR listed in
 * `sampler.truncated`.
 */
export function identificationCi(
  sampler: IdentificationBootstrap,
  draws: SubjectDraws,
  level = 0.95,
): { ci95: NonNullable<IdentificationResult["ci95"]>; resamples: Resamples } {
  const fpirs = FPIR_TARGETS.map(([, f]) => f);
  const resamples = identificationResamples(sampler, draws, RANKS, fpirs);
  const point = new Float64Array(RANKS.length + fpirs.length);
  sampler.evaluate(new Uint32Array(sampler.subjects).fill(1), 0, RANKS, fpirs, point);
  const ints: Interval[] = Array.from(
    { length: resamples.metrics },
    (_, m) => scoreInterval(point[m]!, column(resamples, m), sampler.mated, { level }),
  );
  return {
    ci95: {
      rank: Object.fromEntries(RANKS.map((k, i) => [String(k), ints[i]!])),
      // An FPIR whose resamples needed more non-mate scores than were kept gets no interval.
      tpir_at_fpir: Object.fromEntries(
        FPIR_TARGETS.flatMap(([key, fpir], i) =>
          sampler.truncated.has(fpir) ? [] : [[key, ints[RANKS.length + i]!]]
        ),
      ),
    },
    resamples,
  };
}

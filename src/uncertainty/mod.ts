/**
 * Confidence intervals by a two-stage bootstrap: draw subjects with replacement, weight
 * every pair and probe by the multiplicity that implies, and recompute each metric as a
 * weighted walk over scores sorted once; then resample the impostor pairs with the subjects
 * kept, to remove the pair-level variance that the product weights count three times. TAR,
 * rank-k and TPIR get a Wilson score interval with an effective sample size; the AUC a
 * bootstrap-t interval at a level calibrated by a second level of resampling.
 * Identification draws are stratified by gallery membership. See docs/uncertainty.md.
 *
 * ```
 * subjects ─► drawSubjects() ─► counts [B × S] ─┬─► VerificationBootstrap   ─► TAR@FAR, AUC per resample
 *                                                │      ├─► pairResamples() ─► TAR@FAR per pair-level resample
 *                                                │      └─► aucInfluence()  ─► per-subject placements (AUC's se)
 *   drawSubjects(S, { strata }) ─► counts [B × S] ─► IdentificationBootstrap ─► rank-k, TPIR per resample
 *      point estimate + variances ─► scoreInterval() / differenceInterval() (paired)
 *      point + resamples + se     ─► aucInterval() / aucDifferenceInterval() (calibratedLevel())
 * ```
 *
 * @module
 */
export { drawSubjects, type DrawSubjectsOptions, type SubjectDraws } from "./subject_draws.ts";
export {
  pairSubjects,
  type SubjectIndex,
  subjectIndex,
  type SubjectSource,
} from "./subject_index.ts";
export { pairWeight, VerificationBootstrap } from "./verification_bootstrap.ts";
export {
  type GalleryProbeStats,
  IdentificationBootstrap,
  type IdentificationInput,
} from "./identification_bootstrap.ts";
export { OpenSet1nBootstrap } from "./open_set_1n_bootstrap.ts";
export {
  type OpenSet1nProbes,
  OpenSet1nScores,
  type OpenSet1nScoresOptions,
} from "./open_set_1n_scores.ts";
export { percentileInterval } from "./percentile_interval.ts";
export {
  correctedVariance,
  differenceInterval,
  scoreInterval,
  type ScoreIntervalOptions,
} from "./score_interval.ts";
export {
  aucDifferenceInterval,
  type AucInfluence,
  aucInterval,
  calibratedLevel,
  CALIBRATION_LEVELS,
  CALIBRATION_RESAMPLES,
  influenceDifference,
  influenceStandardError,
  studentizedInterval,
} from "./studentized_interval.ts";
export {
  IDENTIFICATION_METRICS,
  identificationCi,
  ROC_BAND_FARS,
  type RocBand,
  VERIFICATION_METRICS,
  verificationCi,
} from "./verification_ci.ts";
export {
  column,
  differences,
  identificationResamples,
  resample,
  type Resamples,
  verificationResamples,
  verificationResamplesParallel,
} from "./bootstrap.ts";

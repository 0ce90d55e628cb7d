/**
 * Verification and identification metrics: arrays in, numbers out, no I/O.
 *
 * @module
 */

export { type RocCurve, rocCurve } from "./roc_curve.ts";
export { tarAtFar, type TarAtFarOptions } from "./tar_at_far.ts";
export { auc } from "./auc.ts";
export { cmc, type CmcCurve, cmcFromRanks, type CmcOptions } from "./cmc.ts";
export {
  type _ProbeStats as ProbeStats,
  _probeStats as probeStats,
  type Subjects,
} from "./_probe_stats.ts";
export {
  isOpenSetRule,
  OPEN_SET_RULES,
  type OpenSetRule,
  tpirAtFpir,
  type TpirAtFpirOptions,
} from "./tpir_at_fpir.ts";
export { OpenSet1n, type OpenSet1nOptions, tpirAtFpir1n } from "./open_set_1n.ts";
export {
  FAR_TARGETS,
  FPIR_TARGETS,
  type FusionResult,
  type IdentificationResult,
  type Interval,
  type MetricsFile,
  RANKS,
  type VerificationResult,
} from "./result.ts";
export {
  type IjbsIdentification,
  ijbsIdentification,
  type IjbsIdentificationOptions,
} from "./ijbs_identification.ts";

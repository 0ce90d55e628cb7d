/**
 * The only place that knows the order of the stages: one path from any benchmark's files
 * to its report (docs/architecture.md).
 *
 * ```
 * flags ─► evaluationPlan() ─► ensureFeatures() ─► runEvaluation(): evaluate() ─► runMetrics() ─► writeReport()
 * ```
 *
 * @module
 */
export { type Benchmark, type CafaceDemo, ijbFiles, type Task, TASKS } from "./benchmark.ts";
export { compareMetrics, type Comparison } from "./compare.ts";
export {
  evaluate,
  type Evaluation,
  type EvaluationRequest,
  type FusedRun,
  type RunOutput,
  type StageProgress,
} from "./evaluate.ts";
export { OPEN_SET_CURVE_FPIRS } from "./_identify_split.ts";
export { CI_AUTO_MAX_PAIRS, type CiSettings } from "./_ci_context.ts";
export { type EnsuredFeatures, ensureFeatures, type FeatureExtraction } from "./ensure_features.ts";
export {
  runEvaluation,
  type RunEvaluationOptions,
  runMetrics,
  type RunRecord,
} from "./run_evaluation.ts";
export { writeReport, type WriteReportOptions } from "./write_report.ts";
export { type PaperOptions, type PaperPart, paperTables, runPaper } from "./paper.ts";
export {
  type BackboneSettings,
  type EvalFlags,
  type EvaluationPlan,
  evaluationPlan,
  EXTRACTION_FLAGS,
  type FeatureSource,
  type PathCheck,
  type PlanContext,
  PlanError,
} from "./plan.ts";

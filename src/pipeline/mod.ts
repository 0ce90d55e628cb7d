export {
  type AnyBenchmark,
  type Benchmark,
  type BenchmarkFiles,
  ijbFiles,
  type IjbsBenchmark,
  isIjbsBenchmark,
  type Task,
  TASKS,
} from "./benchmark.ts";
export { compareMetrics, type Comparison } from "./compare.ts";
export {
  evaluate,
  type Evaluation,
  type EvaluationRequest,
  type RunOutput,
  type StageProgress,
} from "./evaluate.ts";
export { ensureIjbsFeatures } from "./ensure_ijbs_features.ts";
export { runEvaluation, type RunEvaluationOptions } from "./run_evaluation.ts";
export { writeReport, type WriteReportOptions } from "./write_report.ts";
export {
  evaluateIjbs,
  type IjbsEvaluation,
  type IjbsRequest,
  type IjbsRun,
  OPEN_SET_CURVE_FPIRS,
} from "./evaluate_ijbs.ts";
export { runIjbs, type RunIjbsOptions, writeIjbsReport } from "./run_ijbs.ts";
export { type PaperOptions, type PaperPart, paperTables, runPaper } from "./paper.ts";

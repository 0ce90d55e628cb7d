export { type Benchmark, type BenchmarkFiles, ijbFiles, type Task, TASKS } from "./benchmark.ts";
export { compareMetrics, type Comparison } from "./compare.ts";
export {
  evaluate,
  type Evaluation,
  type EvaluationRequest,
  type RunOutput,
  type StageProgress,
} from "./evaluate.ts";
export { runEvaluation, type RunEvaluationOptions } from "./run_evaluation.ts";
export { writeReport, type WriteReportOptions } from "./write_report.ts";

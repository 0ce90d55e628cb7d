/**
 * Set-based face recognition evaluation: IJB protocols, template fusion (average,
 * insightface, CAFace), exact TAR@FAR / rank-k / TPIR@FPIR, Vega-Lite reports.
 *
 * ```
 * protocol files ─► protocol ─► images ─► features ─► fusion ─► scoring ─► metrics ─► report
 * ```
 *
 * @example
 * ```ts ignore
 * import { BENCHMARKS, runEvaluation } from "./mod.ts";
 * const { metrics } = await runEvaluation({
 *   benchmark: BENCHMARKS.synthetic,
 *   data: "fixtures/synthetic",
 *   features: "fixtures/synthetic/features.npy",
 *   fusions: [{ kind: "average" }, { kind: "insightface" }],
 *   tasks: ["verification", "identification"],
 * }, { out: "reports/demo" });
 * console.log(metrics.results[0]?.verification?.tar_at_far);
 * ```
 * @module
 */
export { BENCHMARKS, getBenchmark } from "./benchmarks/mod.ts";
export { loadProtocol } from "./src/protocol/mod.ts";
export type {
  ImageTable,
  PairList,
  Protocol,
  Split,
  Templates,
  TemplateSet,
} from "./src/protocol/mod.ts";
export {
  CHUNK_WHOLE,
  DEFAULT_CHUNK,
  type FusionInput,
  type Matrix,
  matrix,
  type RowSource,
  runKey,
} from "./src/core/mod.ts";
export { openNpy, writeNpy } from "./src/features/mod.ts";
export {
  FUSION_NAMES,
  type FusionName,
  fusionRuns,
  type FusionSpec,
  parseChunks,
  parseFusionNames,
} from "./src/fusion/mod.ts";
export type { FusionRun } from "./src/fusion/mod.ts";
export { pairScores, setScores } from "./src/scoring/mod.ts";
export {
  auc,
  cmc,
  type FusionResult,
  type MetricsFile,
  OPEN_SET_RULES,
  type OpenSetRule,
  rocCurve,
  tarAtFar,
  tpirAtFpir,
} from "./src/metrics/mod.ts";
export { deltaTable, resultTable } from "./src/report/mod.ts";
export {
  type Benchmark,
  compareMetrics,
  evaluate,
  evaluationPlan,
  PlanError,
  runEvaluation,
  type Task,
  TASKS,
} from "./src/pipeline/mod.ts";
export { gateMarkdown, type GateOptions, type GateReport, runGate } from "./src/gate/mod.ts";
export { compareRuns } from "./src/compare/mod.ts";
export { drawSubjects, VerificationBootstrap } from "./src/uncertainty/mod.ts";
export { readScores, writeScores } from "./src/scores/mod.ts";

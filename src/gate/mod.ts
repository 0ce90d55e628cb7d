/**
 * The regression gate: read two runs, refuse mismatches, compare every metric, with a
 * paired bootstrap interval per delta when both runs saved scores (docs/uncertainty.md).
 *
 * @module
 */
export { type GateOptions, type GateReport, type GateRow, runGate, type Verdict } from "./gate.ts";
export { gateMarkdown } from "./gate_table.ts";
export { assertComparable, GateInputError, readMetrics } from "./read_metrics.ts";
export { metricValues, rowKey, rowLabel } from "./metric_values.ts";
export { pairedDeltas, type PairedOptions } from "./paired_deltas.ts";

/**
 * `deno task compare`: several report folders overlaid in one report (charts and a table
 * of deltas to the first run).
 *
 * @module
 */
export {
  COMPARED_CHARTS,
  compareRuns,
  comparisonTable,
  type RunComparison,
} from "./compare_runs.ts";
export { overlaySpec } from "./overlay_spec.ts";

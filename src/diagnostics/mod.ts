/**
 * Failure diagnostics for the report: accuracy by template size and the hardest pairs.
 *
 * @module
 */
export { rank1BySize, SIZE_BINS, type SizeBin, tarBySize } from "./by_template_size.ts";
export { hardestPairs, type HardPair } from "./hardest_pairs.ts";
export { hardestProbes, type HardProbe } from "./hardest_probes.ts";
export {
  bySizeChart,
  bySizeTable,
  hardestProbesTable,
  hardestSvg,
  hardestTable,
  type HardRow,
  type RunDiagnostics,
} from "./diagnostics_view.ts";

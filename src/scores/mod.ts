/**
 * Saved scores (`deno task eval --save-scores`): per-pair scores and labels and per-probe
 * gallery scores as `.npy` files in a report's `scores/` folder, for the paired gate and
 * for other tools.
 *
 * @module
 */
export { readTypedNpy, type TypedValues, writeTypedNpy } from "./typed_npy.ts";
export {
  readPairScores,
  readProbeScores,
  readScores,
  type RunScores,
  type SavedRun,
  type SavedScores,
  type SavedSplits,
  type ScoreIndex,
  writeScores,
} from "./score_files.ts";

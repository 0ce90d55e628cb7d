/**
 * The shared data types at the bottom of the import graph: every package may import this
 * one, and it imports nothing of the project (docs/architecture.md).
 *
 * - {@linkcode Matrix}: row-major float32 rows (features, scores);
 * - {@linkcode RowSource}: rows of a per-image table read in blocks;
 * - {@linkcode Templates}: templates as CSR groups of image rows;
 * - {@linkcode FusionInput} / {@linkcode FusedTemplates}: the contract of every fusion;
 * - {@linkcode OnProgress} / {@linkcode StageProgress}: progress callbacks;
 * - {@linkcode runKey}: the one label of a result row's fusion run;
 * - {@linkcode mulberry32} / {@linkcode xorshift}: the seeded generators of tests and draws.
 *
 * @module
 */
export { type Matrix, matrix, row } from "./matrix.ts";
export type { RowSource } from "./row_source.ts";
export type { Templates } from "./templates.ts";
export type { FusedTemplates, FusionInput } from "./fusion_contract.ts";
export type { OnProgress, StageProgress } from "./progress.ts";
export {
  CHUNK_SWEEP,
  CHUNK_WHOLE,
  DEFAULT_CHUNK,
  type RunIdentity,
  runKey,
} from "./run_identity.ts";
export { mulberry32, xorshift } from "./seeded_random.ts";

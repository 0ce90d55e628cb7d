/**
 * What names a result row: its fusion and CAFace chunk size, and the one label made from
 * them (`average`, `caface-8`, `caface-whole`), used for file names, saved scores, gate
 * rows and provenance keys alike.
 *
 * @module
 */

/**
 * The chunk size that means "never split" (`--chunk whole`). The official CAFace code has
 * no such value: its 9999 is an ordinary chunk size, so a template of more than 9,999
 * images is split there too.
 */
export const CHUNK_WHOLE = 0;

/**
 * The chunk size of CAFace's published evaluation (its default). It is an ordinary chunk
 * size: templates of more than 9,999 images are split there, as the official code does.
 */
export const DEFAULT_CHUNK = 9999;

/**
 * The chunk sizes of the official CAFace validation sweep, smallest first: `--chunk sweep`
 * runs each of them, one result row per size.
 */
export const CHUNK_SWEEP: readonly number[] = [4, 8, 32, 64, 128, 256, 9999];

/** A result row's identity: the fusion and its chunk size (`null` without chunks). */
export interface RunIdentity {
  readonly fusion: string;
  readonly chunk: number | null;
}

/**
 * The key of a fusion run: the fusion, then the chunk size when it has one.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { runKey } from "./run_identity.ts";
 * assert.equal(runKey({ fusion: "caface", chunk: 8 }), "caface-8");
 * assert.equal(runKey({ fusion: "caface", chunk: 0 }), "caface-whole");
 * assert.equal(runKey({ fusion: "average", chunk: null }), "average");
 * ```
 */
export function runKey(run: RunIdentity): string {
  if (run.chunk === null) return run.fusion;
  return `${run.fusion}-${run.chunk === CHUNK_WHOLE ? "whole" : run.chunk}`;
}

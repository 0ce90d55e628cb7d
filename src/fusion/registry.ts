import { CHUNK_SWEEP, CHUNK_WHOLE } from "../core/mod.ts";
import { averageFusion } from "./average.ts";
import { insightfaceFusion, type InsightfaceOptions } from "./insightface.ts";
import type { FusionRun } from "./types.ts";

/** The fusion methods the harness knows. */
export const FUSION_NAMES = ["average", "insightface", "caface"] as const;
/** One of {@linkcode FUSION_NAMES}. */
export type FusionName = typeof FUSION_NAMES[number];

/** True when `name` is a known fusion method. */
export function isFusionName(name: string): name is FusionName {
  return (FUSION_NAMES as readonly string[]).includes(name);
}

/** A fusion method with its settings. CAFace yields one run per chunk size. */
export type FusionSpec =
  | { kind: "average" }
  | ({ kind: "insightface" } & InsightfaceOptions)
  | {
    kind: "caface";
    modelDir: string;
    chunks: readonly number[];
    device?: string;
    /** onnxruntime's memory arena (benchmarks); default the engine's choice. */
    memoryArena?: boolean;
  };

/** Parses a comma list such as `insightface,average`, naming the choices on an unknown one. */
export function parseFusionNames(text: string): FusionName[] {
  const names = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw new RangeError(`Cannot use an empty fusion list`);
  for (const name of names) {
    if (!isFusionName(name)) {
      throw new RangeError(
        `Cannot find fusion "${name}": available are ${
          FUSION_NAMES.map((n) => `"${n}"`).join(", ")
        }`,
      );
    }
  }
  return names as FusionName[];
}

/**
 * Parses `--chunk 9999,8,whole`: whole numbers ≥ 1, split by the official CAFace rule (9999
 * included), `whole` for "never split" ({@linkcode CHUNK_WHOLE}), or `sweep` for the
 * official validation's sizes ({@linkcode CHUNK_SWEEP}: 4, 8, 32, 64, 128, 256, 9999).
 * Throws a RangeError on any other item or on a size given twice.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseChunks } from "./registry.ts";
 * assert.deepEqual(parseChunks("sweep"), [4, 8, 32, 64, 128, 256, 9999]);
 * assert.deepEqual(parseChunks("whole,8"), [0, 8]);
 * ```
 */
export function parseChunks(text: string): number[] {
  const sizes = text.split(",").flatMap((s, i) => {
    const item = s.trim();
    if (item === "sweep") return [...CHUNK_SWEEP];
    if (item === "whole") return [CHUNK_WHOLE];
    const n = Number(item);
    if (item === "" || !Number.isInteger(n) || n < 1) {
      throw new RangeError(
        `Cannot use chunk size "${s}" (item ${
          i + 1
        }): expected a whole number ≥ 1, "whole" or "sweep"`,
      );
    }
    return [n];
  });
  const repeated = sizes.find((n, i) => sizes.indexOf(n) !== i);
  if (repeated !== undefined) {
    throw new RangeError(
      `Cannot use --chunk ${text}: chunk size ${
        repeated === CHUNK_WHOLE ? "whole" : repeated
      } is given twice`,
    );
  }
  return sizes;
}

/** Builds the runs for a list of fusion specs, in order. */
export async function fusionRuns(specs: readonly FusionSpec[]): Promise<FusionRun[]> {
  const runs: FusionRun[] = [];
  for (const spec of specs) {
    switch (spec.kind) {
      case "average":
        runs.push(averageFusion());
        break;
      case "insightface":
        runs.push(insightfaceFusion(spec));
        break;
      case "caface":
        runs.push(...await cafaceRuns(spec));
        break;
    }
  }
  return runs;
}

async function cafaceRuns(
  spec: Extract<FusionSpec, { kind: "caface" }>,
): Promise<FusionRun[]> {
  const { cafaceFusions } = await import("./caface.ts");
  const { modelDir, kind: _kind, ...options } = spec;
  return cafaceFusions(modelDir, options);
}

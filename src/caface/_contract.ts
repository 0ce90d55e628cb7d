/**
 * Checks that models and inputs follow the CAFace ONNX contract (docs/caface-onnx.md#the-contract).
 */
import type { FusionInput } from "../core/mod.ts";
import type { OnnxModel } from "../onnx/mod.ts";
import { CAFACE_DIMS } from "./dims.ts";

const { M, F, STYLE } = CAFACE_DIMS;

/** Throws a TypeError when the input has no style vectors or the wrong widths. */
export function checkFusionInput(input: Pick<FusionInput, "features" | "style">): void {
  const { features, style } = input;
  if (style === undefined) {
    throw new TypeError(
      "Cannot run CAFace fusion without style vectors: the input has features only",
    );
  }
  if (features.dim !== F || style.dim !== STYLE) {
    throw new TypeError(
      `Cannot run CAFace fusion on features of width ${features.dim} and style of width ${style.dim}: expected ${F} and ${STYLE}`,
    );
  }
  if (style.rows !== features.rows) {
    throw new TypeError(
      `Cannot run CAFace fusion with ${style.rows} style rows for ${features.rows} feature rows: expected as many`,
    );
  }
}

/**
 * Whether a model's first input has a fixed batch of 1 (1) or a dynamic one (null). */
export function batchKind(model: OnnxModel, input: string, dynamicN: boolean): 1 | null {
  const shape = model.inputShape(input);
  const [batch, n, last] = shape;
  const text = `[${shape.join(", ")}]`;
  if (shape.length !== 3 || (typeof last === "number" && last !== F)) {
    throw new TypeError(
      `Cannot use ${model.name} as its input "${input}" has shape ${text}: expected [B, ${
        dynamicN ? "N" : M
      }, ${F}]`,
    );
  }
  if (dynamicN && typeof n === "number") {
    throw new TypeError(
      `Cannot use ${model.name} as its input "${input}" has a fixed N in ${text}: expected a dynamic N`,
    );
  }
  if (typeof batch === "number" && batch !== 1) {
    throw new TypeError(
      `Cannot use ${model.name} as its input "${input}" has a fixed batch of ${batch}: expected 1 or dynamic`,
    );
  }
  return batch === 1 ? 1 : null;
}

/** Throws a TypeError naming the first missing input or output. */
export function requireNames(model: OnnxModel, inputs: string[], outputs: string[]): void {
  for (
    const [kind, want, have] of [
      ["input", inputs, model.inputNames],
      ["output", outputs, model.outputNames],
    ] as const
  ) {
    const missing = want.filter((name) => !have.includes(name));
    if (missing.length > 0) {
      throw new TypeError(
        `Cannot use ${model.name} as it lacks ${kind} "${missing[0]}": it has ${have.join(", ")}`,
      );
    }
  }
}

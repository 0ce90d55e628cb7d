import type { Checkpoint } from "./open_checkpoint.ts";
import type { Tensor } from "./tensor_ref.ts";

/** Options for {@linkcode requireTensor}. */
export interface RequireTensorOptions {
  /** Expected shape; `-1` matches any size in that dimension. Default: any shape. */
  shape?: readonly number[];
}

/**
 * Reads state-dict entry `key` of `ckpt` as a float32 tensor, checking its shape.
 *
 * Errors: a missing key → RangeError `Cannot find aggregator.norm_emb.pe in model.ckpt`;
 * a shape mismatch (rank or size) → TypeError
 * `Cannot use aggregator.norm_emb.pe in model.ckpt as its shape is [60, 64]: expected [61, 64]`.
 *
 * @example
 * ```ts ignore
 * const pe = await requireTensor(ckpt, "aggregator.norm_emb.pe", { shape: [61, 64] });
 * ```
 */
export async function requireTensor(
  ckpt: Checkpoint,
  key: string,
  options: RequireTensorOptions = {},
): Promise<Tensor> {
  const ref = ckpt.stateDict().get(key);
  if (ref === undefined) throw new RangeError(`Cannot find ${key} in ${ckpt.name}`);
  const expected = options.shape;
  if (
    expected !== undefined &&
    (expected.length !== ref.shape.length ||
      expected.some((size, d) => size !== -1 && size !== ref.shape[d]))
  ) {
    throw new TypeError(
      `Cannot use ${key} in ${ckpt.name} as its shape is [${ref.shape.join(", ")}]: expected [${
        expected.join(", ")
      }]`,
    );
  }
  return await ckpt.tensor(ref);
}

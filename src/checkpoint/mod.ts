/**
 * Reads PyTorch / Lightning checkpoints in TypeScript, without Python.
 *
 * ```ts ignore
 * import { openCheckpoint, requireTensor } from "./mod.ts";
 * await using ckpt = await openCheckpoint("CAFace_AdaFaceWebFace4M.ckpt");
 * const pe = await requireTensor(ckpt, "aggregator.norm_emb.pe", { shape: [61, 64] });
 * ```
 *
 * @module
 */
export { openCheckpoint } from "./open_checkpoint.ts";
export type { Checkpoint, OpenCheckpointOptions } from "./open_checkpoint.ts";
export {
  LIGHTNING_HPARAM_GLOBALS,
  safeGlobals,
  TORCH_SAFE_GLOBALS,
  UnsafeGlobalError,
} from "./safe_globals.ts";
export { requireTensor } from "./require_tensor.ts";
export type { RequireTensorOptions } from "./require_tensor.ts";
export { isTensorDtype, TENSOR_DTYPES, TensorRef } from "./tensor_ref.ts";
export type { Tensor, TensorDtype } from "./tensor_ref.ts";
export { PickledGlobal, PickledObject } from "./pickled_object.ts";
export { unpickle } from "./pickle.ts";
export type { UnpickleOptions } from "./pickle.ts";

import { CafaceEngine, type CafaceEngineOptions, DEFAULT_CHUNK } from "../caface/mod.ts";
import { type Device, parseDevice } from "../onnx/mod.ts";
import type { FusionRun } from "./types.ts";

/** Options for {@linkcode cafaceFusions}. */
export interface CafaceFusionOptions extends Omit<CafaceEngineOptions, "device"> {
  /** Chunk sizes, one run each; `CHUNK_WHOLE` (0) means no split. Default `[9999]`. */
  chunks?: readonly number[];
  /** `"cpu"`, `"cuda"` or `"cuda:N"`. Default `"cpu"`. */
  device?: Device | string;
}

/**
 * CAFace fusion (Kim et al., NeurIPS 2022) from a model directory holding `cluster.onnx`
 * and `aggregate.onnx` (docs/caface-onnx.md#the-contract): loads both sessions once and returns one
 * {@linkcode FusionRun} per chunk size, all sharing them. See
 * {@linkcode CafaceEngine} for the chunking rule, NaN handling, batching and memory use.
 *
 * Throws when a model is missing or breaks the contract, or when the device is unknown.
 */
export async function cafaceFusions(
  modelDir: string,
  options: CafaceFusionOptions = {},
): Promise<FusionRun[]> {
  const device = typeof options.device === "string" ? parseDevice(options.device) : "cpu";
  const engine = await CafaceEngine.load(modelDir, { ...options, device });
  return (options.chunks ?? [DEFAULT_CHUNK]).map((chunk) => ({
    fusion: "caface",
    chunk,
    check: (input) => engine.check(input),
    fuse: (input, fuseOptions) => engine.fuse(input, chunk, fuseOptions),
  }));
}

/** One CAFace run with chunk size `chunk`; see {@linkcode cafaceFusions}. */
export async function cafaceFusion(
  modelDir: string,
  chunk: number,
  options: Omit<CafaceFusionOptions, "chunks"> = {},
): Promise<FusionRun> {
  const [run] = await cafaceFusions(modelDir, { ...options, chunks: [chunk] });
  return run!;
}

/**
 * Writes a CAFace fusion model directory (docs/caface-onnx.md#the-contract) from checkpoint weights.
 */
import { buildAggregateGraph } from "./aggregate_graph.ts";
import { buildClusterGraph } from "./cluster_graph.ts";
import { CAFACE_DIMS } from "./dims.ts";
import { buildStyleMergeGraph } from "./style_merge_graph.ts";
import type { Weights } from "./weights.ts";

/** What the caller knows about the source checkpoint, written to `meta.json`. */
export interface CafaceModelMeta {
  /** SHA-256 (hex) of the source checkpoint. */
  readonly sourceSha256: string;
  /** Source file name or description. */
  readonly source?: string;
  /** Hyper-parameters read from the checkpoint (decoder_name, aggregator_name, …). */
  readonly hyperParameters?: Readonly<Record<string, unknown>>;
}

/** Options for {@linkcode writeCafaceModelDir}. */
export interface WriteCafaceModelDirOptions {
  /** Prefix of the aggregator's keys in the checkpoint. Default `"aggregator."`. */
  prefix?: string;
}

/** The files of a CAFace model directory. */
export const CAFACE_MODEL_FILES = [
  "cluster.onnx",
  "aggregate.onnx",
  "style_merge.onnx",
  "meta.json",
] as const;

/**
 * Builds `cluster.onnx`, `aggregate.onnx` and `style_merge.onnx` from `weights` and writes
 * them with `meta.json` into `outDir` (created if missing). Each file is written to a
 * temporary name in the same directory and renamed into place, so a reader never sees a
 * partial file; all graphs are built before anything is written, so a missing weight
 * leaves the directory untouched. Returns the paths written.
 */
export async function writeCafaceModelDir(
  weights: Weights,
  outDir: string,
  meta: CafaceModelMeta,
  options: WriteCafaceModelDirOptions = {},
): Promise<string[]> {
  const prefix = options.prefix ?? "aggregator.";
  const files: [string, Uint8Array][] = [
    ["cluster.onnx", buildClusterGraph(weights, { prefix })],
    ["aggregate.onnx", buildAggregateGraph(weights, { prefix })],
    ["style_merge.onnx", buildStyleMergeGraph(weights, { prefix })],
  ];
  const info = {
    format: "caface-onnx",
    version: 1,
    opset: 17,
    contribDomains: { "cluster.onnx": { "com.microsoft": 1, ops: ["MultiHeadAttention"] } },
    dims: CAFACE_DIMS,
    chunkRule: "np.array_split(arange(T), ceil(T/N)) when T > N; for every N, 9999 included",
    layerNormEps: 1e-5,
    normEmbedding: "idx = trunc(clamp(BN(n), -3, 3) * 10) + 30",
    source: meta.source ?? null,
    sourceSha256: meta.sourceSha256,
    hyperParameters: meta.hyperParameters ?? null,
    files: Object.fromEntries(files.map(([name, bytes]) => [name, bytes.byteLength])),
  };
  files.push(["meta.json", new TextEncoder().encode(JSON.stringify(info, null, 2) + "\n")]);
  await Deno.mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, bytes] of files) {
    const path = `${outDir}/${name}`;
    const tmp = `${outDir}/.${name}.${crypto.randomUUID()}.tmp`;
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
    written.push(path);
  }
  return written;
}

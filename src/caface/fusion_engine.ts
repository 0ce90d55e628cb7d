/**
 * Runs a CAFace model directory (docs/caface-onnx.md#the-contract) over many templates with chunked
 * (sequential) inference (§3), batching ONNX calls across chunks and templates.
 */
import { matrix } from "../features/mod.ts";
import type { FusedTemplates, FusionInput, OnProgress } from "../core/mod.ts";
import { type Device, OnnxModel } from "../onnx/mod.ts";
import { batchKind, checkFusionInput, requireNames } from "./_contract.ts";
import { gatherRows } from "./_gather_rows.ts";
import { ChunkState, normaliseInto } from "./_state.ts";
import { type Window, windows } from "./_windows.ts";
import { CAFACE_DIMS } from "./dims.ts";

const { M, D, F, STYLE } = CAFACE_DIMS;

/**
 * onnxruntime's memory arena stays on: with the fused attention a call's memory is linear in its
 * chunk, so the arena holds at most one chunk's worth (2M IJB-S rows at chunk 9999: 504 MB peak
 * with it, 495 MB without), and it saves the cost of faulting in fresh memory on every call
 * (README, "CAFace on surveillance-length templates").
 */
const ARENA_DEFAULT = true;

/** Options for {@linkcode CafaceEngine.load}. */
export interface CafaceEngineOptions {
  /** Execution device. Default `"cpu"`. */
  device?: Device;
  /**
   * Intra-op threads per session. Default: one per core (`navigator.hardwareConcurrency`);
   * onnxruntime's own default kept the 2-core machine half idle (long-tail set: 2.2 s against
   * 1.6 s).
   */
  threads?: number;
  /** Image rows per cluster call (equal-length chunks are stacked up to this). Default 4096. */
  maxRowsPerCall?: number;
  /** Templates per aggregate call. Default 1024. */
  maxTemplatesPerCall?: number;
  /** Images gathered per window. Default 16384. */
  windowRows?: number;
  /** Chunks per window. Default 4096. */
  windowChunks?: number;
  /** Keep onnxruntime's CPU memory arena in both sessions. Default `true`. */
  memoryArena?: boolean;
}

/**
 * CAFace fusion engine over `cluster.onnx` + `aggregate.onnx` (Kim et al., "Cluster and
 * Aggregate", NeurIPS 2022). Reproduces the reference's sequential inference: split each
 * template with `np.array_split` semantics, drop rows whose feature or style has a NaN or
 * infinity within each chunk, run the Cluster Network per chunk, merge chunk outputs into
 * the running state in chunk order, run the Aggregation Network once and L2-normalise.
 *
 * Speed: chunks of equal length (after dropping) from different templates go into one
 * cluster call ([B,N,…]) and finished templates into one aggregate call, when the models'
 * batch dimension is dynamic; a model with batch fixed at 1 (a plain torch.onnx.export)
 * runs one chunk / template per call with the same results.
 *
 * Memory is flat in the number of templates and, with bounded chunks, in template size:
 * about `windowRows × 2.3 KB` for gathered rows (38 MB at the default), `windowChunks ×
 * 10 KB` for chunk outputs (42 MB), `maxTemplatesPerCall × 10 KB` for the aggregate queue,
 * plus the output (`templates × 2 KB`). A chunk is never cut, so a chunk of N images needs
 * `N × 2.3 KB` gathered; with the fused attention of `convert`'s cluster graph
 * (docs/caface-onnx.md) onnxruntime's working memory is linear in N too (about 15 KB per image),
 * while a MatMul–Softmax–MatMul export needs O(N²).
 */
export class CafaceEngine {
  #cluster: OnnxModel;
  #aggregate: OnnxModel;
  #options: Required<Omit<CafaceEngineOptions, "device" | "threads" | "memoryArena">>;
  /** 1 when `cluster.onnx` has a fixed batch of 1, else null (dynamic). */
  readonly clusterBatch: 1 | null;
  /** 1 when `aggregate.onnx` has a fixed batch of 1, else null (dynamic). */
  readonly aggregateBatch: 1 | null;
  /** Session calls made so far (for tests and benchmarks: how well chunks were batched). */
  readonly calls = { cluster: 0, aggregate: 0 };
  /**
   * Buffers reused from window to window and call to call (grown when needed): fresh memory
   * is slow to fault in on these machines, and a run would otherwise allocate its gathered
   * rows, the session inputs and outputs again for every window (IJB-B: 1.7 GB).
   */
  #scratch = new Map<string, Float32Array>();

  private constructor(cluster: OnnxModel, aggregate: OnnxModel, options: CafaceEngineOptions) {
    this.#cluster = cluster;
    this.#aggregate = aggregate;
    this.#options = {
      maxRowsPerCall: options.maxRowsPerCall ?? 4096,
      maxTemplatesPerCall: options.maxTemplatesPerCall ?? 1024,
      windowRows: options.windowRows ?? 16384,
      windowChunks: options.windowChunks ?? 4096,
    };
    requireNames(cluster, ["features", "style"], ["counts", "cluster_features", "cluster_styles"]);
    requireNames(aggregate, ["cluster_features", "cluster_styles"], ["fused"]);
    this.clusterBatch = batchKind(cluster, "features", true);
    this.aggregateBatch = batchKind(aggregate, "cluster_features", false);
  }

  /**
   * Loads `cluster.onnx` and `aggregate.onnx` from `modelDir`. Throws a TypeError when a
   * model does not follow the contract (names, a fixed N, a batch other than 1 or dynamic).
   */
  static async load(modelDir: string, options: CafaceEngineOptions = {}): Promise<CafaceEngine> {
    const load = (name: string) =>
      OnnxModel.load(`${modelDir}/${name}`, {
        device: options.device,
        threads: options.threads ?? navigator.hardwareConcurrency,
        memoryArena: options.memoryArena ?? ARENA_DEFAULT,
      });
    const cluster = await load("cluster.onnx");
    const aggregate = await load("aggregate.onnx");
    try {
      return new CafaceEngine(cluster, aggregate, options);
    } catch (error) {
      await cluster.release();
      await aggregate.release();
      throw error;
    }
  }

  /** Throws a TypeError when the input has no style vectors or the wrong widths. */
  check(input: Pick<FusionInput, "features" | "style">): void {
    checkFusionInput(input);
  }

  /**
   * Fuses every template of `input` with chunk size `chunk` (`CHUNK_WHOLE`: no split). Templates
   * with no image left get a zero row and are counted in `emptyTemplates`. `onProgress`
   * counts image rows (frames) done out of all the templates' rows. Throws a TypeError when
   * the input has no style vectors or the wrong widths.
   */
  async fuse(
    input: FusionInput,
    chunk: number,
    options: { onProgress?: OnProgress } = {},
  ): Promise<FusedTemplates> {
    const { features, style, templates } = input;
    checkFusionInput(input);
    const count = templates.ids.length;
    const out = matrix(count, F);
    let droppedRows = 0;
    let emptyTemplates = 0;
    // Progress counts image rows (frames), not templates: one 11,000-frame template is worth
    // a thousand short ones, so rate and ETA follow the work.
    const frames = templates.offsets[count]!;
    options.onProgress?.(0, frames);
    let done = 0;
    const state = new ChunkState();
    const queue = _queue(this.#options.maxTemplatesPerCall);
    const limits = { rows: this.#options.windowRows, parts: this.#options.windowChunks };
    for (const win of windows(templates, chunk, limits)) {
      const ids = new Uint32Array(win.rows);
      for (let p = 0, k = 0; p < win.parts; p++) {
        const start = win.start[p]!;
        for (let i = 0; i < win.length[p]!; i++) ids[k++] = templates.rows[start + i]!;
      }
      const feats = await gatherRows(features, ids, {
        name: "features",
        into: this.#buffer("feats", win.rows * F),
      });
      const styles = await gatherRows(style!, ids, {
        name: "style",
        into: this.#buffer("styles", win.rows * STYLE),
      });
      const kept = _dropNonFinite(win, feats, styles);
      droppedRows += win.rows - kept.total;
      const outputs = await this.#clusterWindow(win, kept, feats, styles);
      for (let p = 0; p < win.parts; p++) {
        const edge = win.edge[p]!;
        if (edge & 1) state.reset();
        if (kept.length[p]! > 0) {
          state.add(outputs.counts, p * M, outputs.features, p * M * F, outputs.styles, p * M * D);
        }
        if (!(edge & 2)) continue;
        if (!state.seen) {
          emptyTemplates++;
          continue;
        }
        const q = queue.size++;
        queue.template[q] = win.template[p]!;
        queue.features.set(state.features, q * M * F);
        queue.styles.set(state.styles, q * M * D);
        if (queue.size === queue.template.length) await this.#flush(queue, out.data);
      }
      done += win.rows;
      options.onProgress?.(done, frames);
    }
    await this.#flush(queue, out.data);
    for (let t = 0; t < count; t++) {
      if (templates.offsets[t + 1] === templates.offsets[t]) emptyTemplates++;
    }
    return { features: out, droppedRows, emptyTemplates };
  }

  /** A reused buffer of at least `size` floats (its first `size` are returned). */
  #buffer(name: string, size: number): Float32Array {
    let buffer = this.#scratch.get(name);
    if (!buffer || buffer.length < size) {
      buffer = new Float32Array(Math.max(size, Math.ceil((buffer?.length ?? 0) * 1.5)));
      this.#scratch.set(name, buffer);
    }
    return buffer.subarray(0, size);
  }

  /** Runs the cluster graph on every non-empty chunk of a window, grouped by length. */
  async #clusterWindow(win: Window, kept: _Kept, feats: Float32Array, styles: Float32Array) {
    const counts = this.#buffer("counts", win.parts * M).fill(0);
    const cf = this.#buffer("cf", win.parts * M * F).fill(0);
    const cs = this.#buffer("cs", win.parts * M * D).fill(0);
    const groups = new Map<number, number[]>();
    for (let p = 0; p < win.parts; p++) {
      const n = kept.length[p]!;
      if (n === 0) continue;
      const group = groups.get(n);
      if (group) group.push(p);
      else groups.set(n, [p]);
    }
    for (const [n, parts] of groups) {
      const step = this.clusterBatch ?? Math.max(1, Math.floor(this.#options.maxRowsPerCall / n));
      for (let i = 0; i < parts.length; i += step) {
        const batch = parts.slice(i, i + step);
        const b = batch.length;
        const fIn = this.#buffer("fIn", b * n * F);
        const sIn = this.#buffer("sIn", b * n * STYLE);
        batch.forEach((p, j) => {
          const at = kept.start[p]!;
          fIn.set(feats.subarray(at * F, (at + n) * F), j * n * F);
          sIn.set(styles.subarray(at * STYLE, (at + n) * STYLE), j * n * STYLE);
        });
        this.calls.cluster++;
        const res = await this.#cluster.run(
          {
            features: { data: fIn, dims: [b, n, F] },
            style: { data: sIn, dims: [b, n, STYLE] },
          },
          ["counts", "cluster_features", "cluster_styles"],
          {
            counts: { data: this.#buffer("outCounts", b * M), dims: [b, M, 1] },
            cluster_features: { data: this.#buffer("outFeatures", b * M * F), dims: [b, M, F] },
            cluster_styles: { data: this.#buffer("outStyles", b * M * D), dims: [b, M, D] },
          },
        );
        batch.forEach((p, j) => {
          counts.set(res.counts!.data.subarray(j * M, (j + 1) * M), p * M);
          cf.set(res.cluster_features!.data.subarray(j * M * F, (j + 1) * M * F), p * M * F);
          cs.set(res.cluster_styles!.data.subarray(j * M * D, (j + 1) * M * D), p * M * D);
        });
      }
    }
    return { counts, features: cf, styles: cs };
  }

  /** Aggregates the queued templates and writes their normalised rows. */
  async #flush(queue: _Queue, out: Float32Array): Promise<void> {
    const step = this.aggregateBatch ?? queue.size;
    for (let i = 0; i < queue.size; i += step) {
      const b = Math.min(step, queue.size - i);
      this.calls.aggregate++;
      const res = await this.#aggregate.run({
        cluster_features: {
          data: queue.features.slice(i * M * F, (i + b) * M * F),
          dims: [b, M, F],
        },
        cluster_styles: { data: queue.styles.slice(i * M * D, (i + b) * M * D), dims: [b, M, D] },
      }, ["fused"]);
      for (let j = 0; j < b; j++) {
        normaliseInto(res.fused!.data, j * F, out, queue.template[i + j]! * F, F);
      }
    }
    queue.size = 0;
  }

  /** Frees both sessions. */
  async release(): Promise<void> {
    await this.#cluster.release();
    await this.#aggregate.release();
  }
}

interface _Kept {
  readonly start: Uint32Array;
  readonly length: Uint32Array;
  readonly total: number;
}

/** Compacts each part's rows in place, dropping rows with a non-finite feature or style. */
function _dropNonFinite(win: Window, feats: Float32Array, styles: Float32Array): _Kept {
  const start = new Uint32Array(win.parts);
  const length = new Uint32Array(win.parts);
  let w = 0;
  let r = 0;
  for (let p = 0; p < win.parts; p++) {
    start[p] = w;
    for (let i = 0; i < win.length[p]!; i++, r++) {
      if (!_finite(feats, r * F, F) || !_finite(styles, r * STYLE, STYLE)) continue;
      if (w !== r) {
        feats.copyWithin(w * F, r * F, (r + 1) * F);
        styles.copyWithin(w * STYLE, r * STYLE, (r + 1) * STYLE);
      }
      w++;
    }
    length[p] = w - start[p]!;
  }
  return { start, length, total: w };
}

function _finite(data: Float32Array, at: number, n: number): boolean {
  let sum = 0;
  for (let j = 0; j < n; j++) sum += data[at + j]! * 0;
  return sum === 0;
}

interface _Queue {
  size: number;
  readonly template: Int32Array;
  readonly features: Float32Array;
  readonly styles: Float32Array;
}

function _queue(capacity: number): _Queue {
  return {
    size: 0,
    template: new Int32Array(capacity),
    features: new Float32Array(capacity * M * F),
    styles: new Float32Array(capacity * M * D),
  };
}

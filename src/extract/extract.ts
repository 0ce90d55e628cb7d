import { digestFile } from "../provenance/mod.ts";
import type { Device } from "../onnx/mod.ts";
import type { ImageTable } from "../protocol/mod.ts";
import { Backbone } from "./backbone.ts";
import { FeatureStore } from "./feature_store.ts";
import type { Preprocess } from "./preprocess.ts";
import {
  DEFAULT_SHARD_ROWS,
  imageListSha256,
  type Part,
  type RowFailure,
  STORE_FORMAT,
  type StoreManifest,
} from "./store_manifest.ts";
import { _AlignPool } from "./_worker_pool.ts";
import { _imageJob, _prefetch } from "./_image_jobs.ts";

/** What to do with an image that cannot be read or aligned. */
export const ON_ERROR_MODES = ["skip", "fail"] as const;

/** One of {@linkcode ON_ERROR_MODES}. */
export type OnErrorMode = typeof ON_ERROR_MODES[number];

/** Whether `value` is one of {@linkcode ON_ERROR_MODES}. */
export function isOnErrorMode(value: unknown): value is OnErrorMode {
  return (ON_ERROR_MODES as readonly unknown[]).includes(value);
}

/** Options for {@linkcode extractFeatures}. */
export interface ExtractOptions {
  /** The images and their landmarks, in meta-file order. */
  table: ImageTable;
  /** Folder the image names are relative to (`<data>/loose_crop`). */
  imageDir: string;
  /** Path of the backbone ONNX model. */
  backbone: string;
  /** The feature store directory (created, or reused when its settings match). */
  store: string;
  /** Input and output settings; resolved by `resolvePreprocess` (default adaface). */
  preprocess?: Partial<Preprocess>;
  /** The interleaved part of the rows to extract. Default `{ index: 0, count: 1 }`. */
  part?: Part;
  /** `skip` (default): a NaN row and a recorded failure; `fail`: stop with an error. */
  onError?: OnErrorMode;
  /** Execution device. Default `"cpu"`. */
  device?: Device;
  /**
   * Intra-op threads of the ONNX session. Default on the CPU: `max(1, cores − workers)`, as
   * the workers and onnxruntime share the cores (onnxruntime's own default, all cores, ran
   * MobileFaceNet 2× slower here); on CUDA: onnxruntime's choice.
   */
  threads?: number;
  /** Decode + align workers. Default `max(1, cores − 1)`. */
  workers?: number;
  /**
   * The images are already aligned crops (IJB-S): resize each to the backbone input
   * instead of warping by its landmarks. Default `false`.
   */
  prealigned?: boolean;
  /** Part rows per shard file. Default {@linkcode DEFAULT_SHARD_ROWS} (1024). */
  shardRows?: number;
}

/** Callbacks for {@linkcode extractFeatures}. */
export interface ExtractHooks {
  /** Rows of this part done (including shards found complete) out of the part's rows. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches; shards already written stay. */
  signal?: AbortSignal;
}

/** What {@linkcode extractFeatures} did. */
export interface ExtractResult {
  readonly store: FeatureStore;
  /** Rows in this part. */
  readonly rows: number;
  /** Rows computed by this call (the rest were in complete shards already). */
  readonly computedRows: number;
  /** Images that became NaN rows in the shards written by this call. */
  readonly failures: readonly RowFailure[];
  /** Wall time of the extraction loop, and computed rows per second over it. */
  readonly seconds: number;
  readonly imagesPerSecond: number;
}

/**
 * Extracts raw embeddings (and style vectors) of one part of an image table into a
 * resumable {@linkcode FeatureStore}:
 *
 * ```
 * workers: decodeImage ─► alignFace ─► toTensor ─┐ (next batch prepared while this one runs)
 * main:                        Backbone.embed ◄──┴─► shard k (rows + failures) ─► store
 * ```
 *
 * Shards already complete are skipped, so after a crash at any moment a rerun gives the
 * same bytes as an uninterrupted run. Batches never straddle shards, so every shard is
 * computed from the same batches whatever was done before.
 *
 * Degenerate images — missing, empty, corrupt or unsupported files, and landmarks that
 * give no similarity transform (NaN, all points equal) — become NaN rows listed with their
 * reason when `onError` is `skip`, and stop the run with an error naming the image and the
 * reason when it is `fail`. Other I/O errors (permissions) always stop the run.
 *
 * @throws {Error} As described, or when the store's settings differ (see
 * {@linkcode FeatureStore.open}), or the model cannot be loaded.
 */
export async function extractFeatures(
  options: ExtractOptions,
  hooks: ExtractHooks = {},
): Promise<ExtractResult> {
  const { table } = options;
  const onError = options.onError ?? "skip";
  // 1. Load the backbone and describe the store.
  const cores = navigator.hardwareConcurrency ?? 2;
  const workers = Math.max(1, options.workers ?? cores - 1);
  const cpu = (options.device ?? "cpu") === "cpu";
  const backbone = await Backbone.load(options.backbone, {
    device: options.device,
    threads: options.threads ?? (cpu ? Math.max(1, cores - workers) : undefined),
    preprocess: options.preprocess,
  });
  let pool: _AlignPool | undefined;
  try {
    const manifest: StoreManifest = {
      format: STORE_FORMAT,
      model: {
        file: options.backbone.slice(options.backbone.lastIndexOf("/") + 1),
        sha256: (await digestFile(options.backbone)).sha256,
      },
      preprocess: backbone.preprocess,
      images: { count: table.names.length, sha256: await imageListSha256(table) },
      part: options.part ?? { index: 0, count: 1 },
      dim: backbone.dim,
      styleDim: backbone.styleDim,
      shardRows: options.shardRows ?? DEFAULT_SHARD_ROWS,
    };
    // 2. Open (or reuse) the store and list the shards still to do.
    const store = await FeatureStore.open(options.store, manifest);
    const todo = await store.missingShards();
    let done = store.partRows - todo.reduce((s, k) => s + store.shardRange(k).count, 0);
    hooks.onProgress?.(done, store.partRows);
    const started = performance.now();
    // 3. Plan batches inside shards and prepare them ahead in the worker pool.
    const p = backbone.preprocess;
    pool = new _AlignPool(workers, {
      kind: "init",
      size: backbone.height,
      output: "tensor",
      tensor: { colour: p.colour, scale: p.scale, mean: p.mean, std: p.std },
      prealigned: options.prealigned,
    });
    const batches = todo.flatMap((k) => {
      const { start, count } = store.shardRange(k);
      return Array.from({ length: Math.ceil(count / p.batch) }, (_, b) => ({
        k,
        start: start + b * p.batch,
        count: Math.min(p.batch, count - b * p.batch),
        last: (b + 1) * p.batch >= count,
      }));
    });
    const alignPool = pool;
    const prepared = _prefetch(
      batches,
      2,
      (batch) =>
        Promise.all(Array.from({ length: batch.count }, (_, i) => {
          const row = store.imageRow(batch.start + i);
          return _imageJob(alignPool, table, options.imageDir, row);
        })),
    );
    // 4. Embed batch by batch; write each shard when its last batch is done.
    const failures: RowFailure[] = [];
    const { dim, styleDim } = manifest;
    let shard = { embedding: new Float32Array(0), style: undefined as Float32Array | undefined };
    let shardFailures: RowFailure[] = [];
    let computed = 0;
    for (const [batch, ready] of prepared) {
      hooks.signal?.throwIfAborted();
      const results = await ready;
      const { start: shardStart, count: shardCount } = store.shardRange(batch.k);
      if (batch.start === shardStart) {
        shard = {
          embedding: new Float32Array(shardCount * dim),
          style: styleDim === null ? undefined : new Float32Array(shardCount * styleDim),
        };
        shardFailures = [];
      }
      const ok = results.flatMap((r, i) => "tensor" in r ? [i] : []);
      const input = new Float32Array(ok.length * backbone.imageSize);
      ok.forEach((i, n) => {
        const r = results[i]!;
        if ("tensor" in r) input.set(r.tensor, n * backbone.imageSize);
      });
      for (const r of results) {
        if ("failure" in r) {
          if (onError === "fail") {
            throw new Error(
              `Cannot extract features as image ${r.failure.name} (row ${r.failure.row}) is unusable: ${r.failure.reason} (${r.failure.message})`,
            );
          }
          shardFailures.push(r.failure);
          failures.push(r.failure);
        }
      }
      const out = await backbone.embed(input);
      const offset = batch.start - shardStart;
      shard.embedding.fill(NaN, offset * dim, (offset + batch.count) * dim);
      if (shard.style !== undefined && styleDim !== null) {
        shard.style.fill(NaN, offset * styleDim, (offset + batch.count) * styleDim);
      }
      ok.forEach((i, n) => {
        shard.embedding.set(
          out.embedding.data.subarray(n * dim, (n + 1) * dim),
          (offset + i) * dim,
        );
        if (shard.style !== undefined && styleDim !== null && out.style !== undefined) {
          shard.style.set(
            out.style.data.subarray(n * styleDim, (n + 1) * styleDim),
            (offset + i) * styleDim,
          );
        }
      });
      if (batch.last) {
        await store.writeShard(batch.k, {
          rows: shardCount,
          embedding: shard.embedding,
          style: shard.style,
          failures: shardFailures,
        });
      }
      computed += batch.count;
      done += batch.count;
      hooks.onProgress?.(done, store.partRows);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      store,
      rows: store.partRows,
      computedRows: computed,
      failures,
      seconds,
      imagesPerSecond: seconds > 0 ? computed / seconds : 0,
    };
  } finally {
    pool?.close();
    await backbone.release();
  }
}

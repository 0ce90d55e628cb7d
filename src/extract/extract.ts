import { resolve } from "node:path";
import { acquireLock, type LockOwner } from "../features/mod.ts";
import { codeDigest, digestFile } from "../provenance/mod.ts";
import type { Device } from "../onnx/mod.ts";
import type { ImageTable } from "../protocol/mod.ts";
import { Backbone } from "./backbone.ts";
import { FeatureStore } from "./feature_store.ts";
import { exportNpy, type ExportPaths } from "./export_npy.ts";
import { imageSizesSha256, statImages } from "./image_fingerprint.ts";
import type { RowWarning } from "./shard_record.ts";
import { auditStore, type StoreAudit } from "./store_audit.ts";
import { _ShardBuilder } from "./_shard_builder.ts";
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

/**
 * The modules that turn an image into a stored row: the decode + align + tensor worker and
 * the backbone run (flip, outputs). Their import closure is the store's `code`.
 */
const PREPROCESSING_CODE = [
  new URL("./_align_worker.ts", import.meta.url),
  new URL("./backbone.ts", import.meta.url),
];

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
  /**
   * When another process holds the store's lock: `true` (default) waits for it, `false`
   * stops with an error naming the holder, a number waits at most that many ms.
   */
  wait?: boolean | number;
  /** Also write the store as .npy files (single-part stores), still holding the lock. */
  export?: ExportPaths;
}

/** Callbacks for {@linkcode extractFeatures}. */
export interface ExtractHooks {
  /** Rows of this part done (including shards found complete) out of the part's rows. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches; shards already written stay. */
  signal?: AbortSignal;
  /** Called once when the store is locked by another process and this call waits. */
  onLockWait?: (holder: LockOwner) => void;
}

/** What {@linkcode extractFeatures} did. */
export interface ExtractResult {
  readonly store: FeatureStore;
  /** Rows in this part. */
  readonly rows: number;
  /** Rows computed by this call (the rest were in the store already and still valid). */
  readonly computedRows: number;
  /** Images that became NaN rows among the rows computed by this call. */
  readonly failures: readonly RowFailure[];
  /** Truncated, small and non-finite rows among the rows computed by this call. */
  readonly warnings: readonly RowWarning[];
  /** Damaged shards, changed images and retried failures found in the store. */
  readonly audit: Omit<StoreAudit, "work">;
  /** Preprocessing files changed since the store was made: every row was extracted again. */
  readonly codeChanged: readonly string[];
  /** With `export`: the failures of all rows of the store. */
  readonly exported?: readonly RowFailure[];
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
 * computed from the same batches whatever was done before. The store is content-addressed
 * ({@linkcode auditStore}): rows whose image file changed, rows that had failed, and shards
 * that fail their checksums are computed again (only those rows, or the whole damaged
 * shard); a store made from another folder with the same files is reused. One process
 * works on a store at a time: a second one waits for the lock (see `wait`).
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
  let lock: { release(): Promise<void> } | undefined;
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
      input: {
        alignment: options.prealigned ? "prealigned" : "warped",
        height: backbone.height,
        width: backbone.width,
        precision: "float32",
      },
      code: await codeDigest(PREPROCESSING_CODE),
    };
    // 2. Lock the store, open (or reuse) it, and audit what is there.
    await Deno.mkdir(options.store, { recursive: true }).catch((error: Error) => {
      throw new Error(`Cannot create feature store ${options.store}: ${error.message}`);
    });
    lock = await acquireLock(`${options.store}/.lock`, {
      subject: options.store,
      owner: "deno task extract",
      wait: options.wait ?? true,
      onWait: hooks.onLockWait,
    });
    const paths = table.names.map((name) => `${options.imageDir}/${name}`);
    const infos = await statImages(paths);
    let store = await FeatureStore.open(options.store, manifest);
    const images = {
      ...store.manifest.images,
      dir: resolve(options.imageDir),
      sizesSha256: await imageSizesSha256(infos),
    };
    if (JSON.stringify(images) !== JSON.stringify(store.manifest.images)) {
      store = await store.updateManifest({ images });
    }
    const { work, ...audit } = await auditStore(store, paths, infos);
    const todo = work.reduce((sum, w) => sum + w.offsets.length, 0);
    let done = store.partRows - todo;
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
    const batches = work.flatMap((w) =>
      Array.from({ length: Math.ceil(w.offsets.length / p.batch) }, (_, b) => ({
        work: w,
        offsets: w.offsets.slice(b * p.batch, (b + 1) * p.batch),
        first: b === 0,
        last: (b + 1) * p.batch >= w.offsets.length,
      }))
    );
    const alignPool = pool, opened = store;
    const prepared = _prefetch(batches, 2, (batch) => {
      const { start } = opened.shardRange(batch.work.k);
      return Promise.all(
        batch.offsets.map((o) =>
          _imageJob(alignPool, table, options.imageDir, opened.imageRow(start + o))
        ),
      );
    });
    // 4. Embed batch by batch; write each shard when its last batch is done.
    const failures: RowFailure[] = [];
    const warnings: RowWarning[] = [];
    const { dim, styleDim } = manifest;
    let shard: _ShardBuilder | undefined;
    let computed = 0;
    for (const [batch, ready] of prepared) {
      hooks.signal?.throwIfAborted();
      const results = await ready;
      const { start, count } = store.shardRange(batch.work.k);
      if (batch.first) {
        const imageRows = Array.from({ length: count }, (_, i) => store.imageRow(start + i));
        const base = batch.work.keep ? await store.readShard(batch.work.k) : null;
        shard = new _ShardBuilder(batch.work, base, { rows: count, dim, styleDim, imageRows });
      }
      const builder = shard!;
      const ok: number[] = [];
      results.forEach((r, i) => {
        if ("tensor" in r) return ok.push(i);
        if (onError === "fail") {
          throw new Error(
            `Cannot extract features as image ${r.failure.name} (row ${r.failure.row}) is unusable: ${r.failure.reason} (${r.failure.message})`,
          );
        }
        builder.fail(batch.offsets[i]!, r.failure, r.image);
        failures.push(r.failure);
      });
      const input = new Float32Array(ok.length * backbone.imageSize);
      ok.forEach((i, n) => {
        const r = results[i]!;
        if ("tensor" in r) input.set(r.tensor, n * backbone.imageSize);
      });
      const out = await backbone.embed(input);
      ok.forEach((i, n) => {
        const r = results[i]!;
        if (!("tensor" in r)) return;
        const offset = batch.offsets[i]!;
        const row = store.imageRow(start + offset);
        const nonFinite = builder.set(
          offset,
          {
            embedding: out.embedding.data.subarray(n * dim, (n + 1) * dim),
            style: styleDim === null
              ? undefined
              : out.style?.data.subarray(n * styleDim, (n + 1) * styleDim),
          },
          r.image,
          r.warnings,
          { row, name: table.names[row]! },
        );
        warnings.push(...r.warnings, ...(nonFinite ? [nonFinite] : []));
      });
      if (batch.last && !builder.unchanged) await store.writeShard(batch.work.k, builder.shard());
      computed += batch.offsets.length;
      done += batch.offsets.length;
      hooks.onProgress?.(done, store.partRows);
    }
    const seconds = (performance.now() - started) / 1000;
    pool.close();
    const exported = options.export === undefined
      ? undefined
      : await exportNpy(store, options.export);
    return {
      store,
      rows: store.partRows,
      computedRows: computed,
      failures,
      warnings: warnings.sort((a, b) => a.row - b.row),
      audit,
      codeChanged: store.codeChanged,
      exported,
      seconds,
      imagesPerSecond: seconds > 0 ? computed / seconds : 0,
    };
  } finally {
    pool?.close();
    await lock?.release();
    await backbone.release();
  }
}

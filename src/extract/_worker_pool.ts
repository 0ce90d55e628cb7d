import type { TensorOptions } from "../images/mod.ts";
import type { FailureReason } from "./store_manifest.ts";
import type { ImageFingerprint } from "./image_fingerprint.ts";
import type { WarningKind } from "./shard_record.ts";

/** First message to a worker: crop size and what to answer with. */
export interface _WorkerInit {
  readonly kind: "init";
  readonly size: number;
  readonly output: "tensor" | "png";
  readonly tensor: TensorOptions;
  /**
   * Images are already aligned (IJB-S): each is resized to `size` by the same bilinear
   * warp, with the landmarks of the ArcFace template scaled to the image's width.
   */
  readonly prealigned?: boolean;
}

/** One image to decode and align. */
export interface _WorkerJob {
  readonly kind: "job";
  readonly id: number;
  readonly path: string;
  readonly landmarks: Float32Array;
}

/**
 * A crop (tensor or PNG bytes) with warnings about the image, a per-image failure, or an
 * error that must stop the run. `image` fingerprints the file read (null when there was none).
 */
export type _WorkerReply =
  | {
    readonly id: number;
    readonly data: Float32Array | Uint8Array;
    readonly image: ImageFingerprint;
    readonly warnings: readonly { readonly kind: WarningKind; readonly message: string }[];
  }
  | {
    readonly id: number;
    readonly reason: FailureReason;
    readonly message: string;
    readonly image: ImageFingerprint | null;
  }
  | { readonly id: number; readonly fatal: string };

/** Jobs in flight per worker, so decoding (libvips threads) overlaps the warp. */
const _DEPTH = 4;

/**
 * A pool of module workers running `_align_worker.ts`. Jobs go to the least busy worker;
 * beyond {@linkcode _DEPTH} per worker they queue. A worker crash rejects every pending job.
 */
export class _AlignPool {
  #workers: Worker[] = [];
  #busy: number[] = [];
  #pending = new Map<
    number,
    { resolve: (r: _WorkerReply) => void; reject: (e: Error) => void; worker: number }
  >();
  #queue: { job: _WorkerJob; resolve: (r: _WorkerReply) => void; reject: (e: Error) => void }[] =
    [];
  #next = 0;
  #closed = false;

  constructor(count: number, init: _WorkerInit) {
    for (let w = 0; w < count; w++) {
      const worker = new Worker(new URL("./_align_worker.ts", import.meta.url), { type: "module" });
      worker.postMessage(init);
      worker.onmessage = (event: MessageEvent<_WorkerReply>) => this.#settle(w, event.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        this.#fail(new Error(`Cannot align images as a worker failed: ${event.message}`));
      };
      this.#workers.push(worker);
      this.#busy.push(0);
    }
  }

  /** Decodes and aligns one image. */
  process(path: string, landmarks: Float32Array): Promise<_WorkerReply> {
    if (this.#closed) return Promise.reject(new Error("Cannot align images as the pool is closed"));
    return new Promise((resolve, reject) => {
      this.#queue.push({
        job: { kind: "job", id: this.#next++, path, landmarks },
        resolve,
        reject,
      });
      this.#pump();
    });
  }

  /** Terminates the workers; pending jobs are rejected. */
  close(): void {
    if (this.#closed) return;
    this.#fail(new Error("Cannot align images as the pool was closed"));
    this.#closed = true;
    for (const worker of this.#workers) worker.terminate();
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let w = 0;
      for (let i = 1; i < this.#busy.length; i++) if (this.#busy[i]! < this.#busy[w]!) w = i;
      if (this.#busy[w]! >= _DEPTH) return;
      const { job, resolve, reject } = this.#queue.shift()!;
      this.#busy[w]!++;
      this.#pending.set(job.id, { resolve, reject, worker: w });
      this.#workers[w]!.postMessage(job);
    }
  }

  #settle(w: number, reply: _WorkerReply): void {
    const waiter = this.#pending.get(reply.id);
    if (waiter === undefined) return;
    this.#pending.delete(reply.id);
    this.#busy[w]!--;
    waiter.resolve(reply);
    this.#pump();
  }

  #fail(error: Error): void {
    for (const waiter of this.#pending.values()) waiter.reject(error);
    for (const queued of this.#queue) queued.reject(error);
    this.#pending.clear();
    this.#queue = [];
  }
}

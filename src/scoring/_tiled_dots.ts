import { pairDots } from "./_dot_kernel.ts";
import type { _DotMessage } from "./_dot_worker.ts";

/** Rows per tile side: two tiles of 128 × 512 floats (512 KB) stay in a core's L2 cache. */
const TILE_SHIFT = 7;
/** Pairs per message to a worker. */
const CHUNK = 1 << 19;

/**
 * Per-pair dot products in any arrangement of pairs: each pair is put smaller row first,
 * the pairs are ordered by (left tile, right tile) with a counting sort so that the rows a
 * stretch of pairs reads stay in cache, and the float64 kernel of `_dot_kernel.ts` scores
 * them, in one worker per core when there are many. The result does not depend on the order
 * or orientation of the pairs, nor on the number of workers.
 */
export async function tiledDots(
  features: { data: Float32Array; dim: number; rows: number },
  rows: { left: Int32Array; right: Int32Array },
  out: Float32Array,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const n = out.length;
  const order = tileOrder(rows, features.rows, n);
  const left = new Int32Array(n), right = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = order[i]!;
    left[i] = rows.left[p]!;
    right[i] = rows.right[p]!;
  }
  const workers = Math.min(navigator.hardwareConcurrency || 1, 8, Math.ceil(n / CHUNK));
  const scores = workers > 1
    ? await inWorkers(features, left, right, workers, onProgress)
    : inline(features, left, right, onProgress);
  for (let i = 0; i < n; i++) out[order[i]!] = scores[i]!;
}

/** Pair indices ordered by (smaller row's tile, larger row's tile). */
function tileOrder(
  rows: { left: Int32Array; right: Int32Array },
  rowCount: number,
  n: number,
): Int32Array {
  const tiles = (rowCount >> TILE_SHIFT) + 1;
  const key = new Int32Array(n);
  const count = new Int32Array(tiles * tiles + 1);
  for (let p = 0; p < n; p++) {
    const a = rows.left[p]!, b = rows.right[p]!;
    const k = a < b
      ? (a >> TILE_SHIFT) * tiles + (b >> TILE_SHIFT)
      : (b >> TILE_SHIFT) * tiles + (a >> TILE_SHIFT);
    key[p] = k;
    count[k + 1]!++;
  }
  for (let k = 0; k < tiles * tiles; k++) count[k + 1]! += count[k]!;
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[count[key[p]!]!++] = p;
  return order;
}

function inline(
  features: { data: Float32Array; dim: number },
  left: Int32Array,
  right: Int32Array,
  onProgress?: (done: number, total: number) => void,
): Float32Array {
  const dots = pairDots(features);
  const scores = new Float32Array(left.length);
  for (let c0 = 0; c0 < left.length; c0 += CHUNK) {
    const c1 = Math.min(left.length, c0 + CHUNK);
    dots(left.subarray(c0, c1), right.subarray(c0, c1), scores.subarray(c0, c1));
    onProgress?.(c1, left.length);
  }
  return scores;
}

async function inWorkers(
  features: { data: Float32Array; dim: number },
  left: Int32Array,
  right: Int32Array,
  count: number,
  onProgress?: (done: number, total: number) => void,
): Promise<Float32Array> {
  const n = left.length;
  const scores = new Float32Array(n);
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL("./_dot_worker.ts", import.meta.url), { type: "module" }),
  );
  try {
    let done = 0;
    await new Promise<void>((resolve, reject) => {
      let left_ = Math.ceil(n / CHUNK);
      workers.forEach((worker) => {
        worker.onerror = (event: ErrorEvent) => {
          event.preventDefault();
          reject(new Error(`Cannot score pairs as a worker failed: ${event.message}`));
        };
        worker.onmessage = (event: MessageEvent<{ id: number; scores: Float32Array }>) => {
          const { id, scores: part } = event.data;
          scores.set(part, id * CHUNK);
          done += part.length;
          onProgress?.(done, n);
          if (--left_ === 0) resolve();
        };
        worker.postMessage({ kind: "rows", data: features.data, dim: features.dim } as _DotMessage);
      });
      for (let id = 0; id * CHUNK < n; id++) {
        const c0 = id * CHUNK, c1 = Math.min(n, c0 + CHUNK);
        const l = left.slice(c0, c1), r = right.slice(c0, c1);
        const message: _DotMessage = { kind: "pairs", id, left: l, right: r };
        workers[id % count]!.postMessage(message, [l.buffer, r.buffer]);
      }
    });
  } finally {
    for (const worker of workers) worker.terminate();
  }
  return scores;
}

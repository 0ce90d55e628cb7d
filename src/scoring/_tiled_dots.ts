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
  // Chunks of pairs in tile order are built as they are sent, and their scores go straight
  // back to pair order: no full-length copies (IJB-C: 15.7M pairs, 63 MB each).
  const chunk = (c0: number, c1: number) => {
    const l = new Int32Array(c1 - c0), r = new Int32Array(c1 - c0);
    for (let i = c0; i < c1; i++) {
      const p = order[i]!;
      l[i - c0] = rows.left[p]!;
      r[i - c0] = rows.right[p]!;
    }
    return { l, r };
  };
  const place = (c0: number, scores: Float32Array) => {
    for (let i = 0; i < scores.length; i++) out[order[c0 + i]!] = scores[i]!;
  };
  const workers = Math.min(navigator.hardwareConcurrency || 1, 8, Math.ceil(n / CHUNK));
  if (workers > 1) await inWorkers(features, n, chunk, place, workers, onProgress);
  else inline(features, n, chunk, place, onProgress);
}

type _Chunk = (
  c0: number,
  c1: number,
) => { l: Int32Array<ArrayBuffer>; r: Int32Array<ArrayBuffer> };
type _Place = (c0: number, scores: Float32Array) => void;

/** Pair indices ordered by (smaller row's tile, larger row's tile). */
function tileOrder(
  rows: { left: Int32Array; right: Int32Array },
  rowCount: number,
  n: number,
): Int32Array {
  const tiles = (rowCount >> TILE_SHIFT) + 1;
  // The key is computed twice rather than stored (one n-long array fewer).
  const key = (p: number) => {
    const a = rows.left[p]!, b = rows.right[p]!;
    return a < b
      ? (a >> TILE_SHIFT) * tiles + (b >> TILE_SHIFT)
      : (b >> TILE_SHIFT) * tiles + (a >> TILE_SHIFT);
  };
  const count = new Int32Array(tiles * tiles + 1);
  for (let p = 0; p < n; p++) count[key(p) + 1]!++;
  for (let k = 0; k < tiles * tiles; k++) count[k + 1]! += count[k]!;
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[count[key(p)]!++] = p;
  return order;
}

function inline(
  features: { data: Float32Array; dim: number },
  n: number,
  chunk: _Chunk,
  place: _Place,
  onProgress?: (done: number, total: number) => void,
): void {
  const dots = pairDots(features);
  const scores = new Float32Array(Math.min(n, CHUNK));
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const c1 = Math.min(n, c0 + CHUNK);
    const { l, r } = chunk(c0, c1);
    const part = scores.subarray(0, c1 - c0);
    dots(l, r, part);
    place(c0, part);
    onProgress?.(c1, n);
  }
}

async function inWorkers(
  features: { data: Float32Array; dim: number },
  n: number,
  chunk: _Chunk,
  place: _Place,
  count: number,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
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
          place(id * CHUNK, part);
          done += part.length;
          onProgress?.(done, n);
          if (--left_ === 0) resolve();
        };
        worker.postMessage({ kind: "rows", data: features.data, dim: features.dim } as _DotMessage);
      });
      for (let id = 0; id * CHUNK < n; id++) {
        const { l, r } = chunk(id * CHUNK, Math.min(n, (id + 1) * CHUNK));
        const message: _DotMessage = { kind: "pairs", id, left: l, right: r };
        workers[id % count]!.postMessage(message, [l.buffer, r.buffer]);
      }
    });
  } finally {
    for (const worker of workers) worker.terminate();
  }
}

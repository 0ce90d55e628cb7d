/** Timing and comparison helpers of the GPU benchmark. */
import { type Device, OnnxModel, type WebGpuOptions } from "../../src/onnx/mod.ts";

/** Floating-point operations (2 per multiply-add) of one 112×112 image through an IR net. */
export function irFlops(stages: readonly number[], width = 64): number {
  let side = 112, cin = width, flops = 2 * width * 3 * 9 * side * side;
  stages.forEach((count, stage) => {
    const cout = width * 2 ** stage;
    for (let i = 0; i < count; i++) {
      const stride = i === 0 ? 2 : 1;
      const out = Math.floor((side - 1) / stride) + 1;
      flops += 2 * cout * cin * 9 * side * side + 2 * cout * cout * 9 * out * out;
      if (cin !== cout) flops += 2 * cout * cin * out * out;
      side = out;
      cin = cout;
    }
  });
  return flops + 2 * 512 * cin * side * side;
}

/** A seeded uniform [-1, 1) tensor of `count` images 3×112×112. */
export function randomImages(count: number, seed = 7): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(count * 3 * 112 * 112);
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Embeds `images` in batches of `batch` with `model`. */
export async function embedAll(
  model: OnnxModel,
  images: Float32Array,
  batch: number,
): Promise<Float32Array> {
  const size = 3 * 112 * 112;
  const count = images.length / size;
  const parts: Float32Array[] = [];
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const out = await model.run({
      input: { data: images.subarray(start * size, (start + n) * size), dims: [n, 3, 112, 112] },
    }, ["embedding"]);
    parts.push(out.embedding!.data.slice());
  }
  const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** How far `b` is from the reference `a`, row by row (`dim` values a row). */
export interface Difference {
  /** max over rows of max|a−b| / max|a|. */
  readonly maxRelative: number;
  /** Lowest cosine similarity between matching rows. */
  readonly minCosine: number;
}

/** Compares two embedding matrices. NaN anywhere gives NaN. */
export function compareRows(a: Float32Array, b: Float32Array, dim: number): Difference {
  let maxRelative = 0, minCosine = 1;
  for (let r = 0; r < a.length / dim; r++) {
    let diff = 0, norm = 0, dot = 0, na = 0, nb = 0;
    for (let i = r * dim; i < (r + 1) * dim; i++) {
      const x = a[i]!, y = b[i]!;
      if (Number.isNaN(x) || Number.isNaN(y)) return { maxRelative: NaN, minCosine: NaN };
      diff = Math.max(diff, Math.abs(x - y));
      norm = Math.max(norm, Math.abs(x));
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    maxRelative = Math.max(maxRelative, diff / norm);
    minCosine = Math.min(minCosine, dot / Math.sqrt(na * nb));
  }
  return { maxRelative, minCosine };
}

/** One timed point. */
export interface Timing {
  readonly batch: number;
  readonly runs: number;
  readonly msPerBatch: number;
  readonly imagesPerSecond: number;
}

/**
 * Times `model` on one random batch: 2 warm-up runs (kernel compilation), then runs until
 * `seconds` have passed and at least 3 (10 at batch 1) ran; the median batch time.
 */
export async function timeInference(
  model: OnnxModel,
  batch: number,
  seconds: number,
): Promise<Timing> {
  const images = randomImages(batch, batch);
  const feed = { input: { data: images, dims: [batch, 3, 112, 112] } };
  for (let i = 0; i < 2; i++) await model.run(feed, ["embedding"]);
  const times: number[] = [];
  const started = performance.now();
  const least = batch === 1 ? 10 : 3;
  while (times.length < least || performance.now() - started < seconds * 1000) {
    const t = performance.now();
    await model.run(feed, ["embedding"]);
    times.push(performance.now() - t);
    if (times.length >= 200) break;
  }
  times.sort((x, y) => x - y);
  const median = times[Math.floor(times.length / 2)]!;
  return { batch, runs: times.length, msPerBatch: median, imagesPerSecond: batch / median * 1000 };
}

/** Loads a model file on a device (timing the session creation). */
export async function loadTimed(
  path: string,
  device: Device,
  webgpu?: WebGpuOptions,
  profilePrefix?: string,
): Promise<{ model: OnnxModel; seconds: number }> {
  const t = performance.now();
  const model = await OnnxModel.load(path, { device, webgpu, profilePrefix });
  return { model, seconds: (performance.now() - t) / 1000 };
}

/** Sums onnxruntime profile events by op type and category; the top `top` entries. */
export function summariseProfile(
  events: readonly { cat?: string; name?: string; dur?: number; args?: { op_name?: string } }[],
  top = 8,
): { total: number; entries: { what: string; ms: number; share: number }[] } {
  const sums = new Map<string, number>();
  let total = 0;
  for (const e of events) {
    if (e.cat === "Session" && e.name === "model_run") total += (e.dur ?? 0) / 1000;
    if (e.cat !== "Node" || e.args?.op_name === undefined) continue;
    if (!(e.name ?? "").endsWith("_kernel_time")) continue;
    const key = e.args.op_name;
    sums.set(key, (sums.get(key) ?? 0) + (e.dur ?? 0) / 1000);
  }
  const kernels = [...sums.values()].reduce((a, b) => a + b, 0);
  const entries = [...sums.entries()]
    .map(([what, ms]) => ({ what, ms, share: total > 0 ? ms / total : 0 }))
    .sort((x, y) => y.ms - x.ms)
    .slice(0, top);
  entries.push({ what: "all nodes", ms: kernels, share: total > 0 ? kernels / total : 0 });
  return { total, entries };
}

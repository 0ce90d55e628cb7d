/**
 * The GPU benchmark: a random-weight IR backbone built by the harness's own converter, in
 * float32 and float16, checked for parity against the CPU, timed for pure inference and
 * for end-to-end extraction into a feature store. `run.ts` is its command line; the test
 * beside it runs the CPU half with a small network.
 */
import { BENCHMARKS } from "../mod.ts";
import { IR101_STAGES, randomIrBackbone, toFloat16 } from "../../src/convert/mod.ts";
import { extractFeatures } from "../../src/extract/mod.ts";
import type { Device, WebGpuOptions } from "../../src/onnx/mod.ts";
import { extractionInput, type ImageTable } from "../../src/protocol/mod.ts";
import {
  compareRows,
  type Difference,
  embedAll,
  irFlops,
  loadTimed,
  randomImages,
  summariseProfile,
  timeInference,
  type Timing,
} from "./_timing.ts";

/** Options of {@linkcode runGpuBenchmark}. */
export interface GpuBenchmarkOptions {
  /** Device under test (`webgpu` normally; `cpu` for the CPU half). */
  device: Device;
  /** Folder for the models, stores and profile (created). */
  workDir: string;
  /** Network: blocks per stage and stage-1 channels. Default IR-101, 64. */
  stages?: readonly number[];
  width?: number;
  /** Batches timed for pure inference. Default 1, 32, 128, 256. */
  batches?: readonly number[];
  /** Images of the parity check. Default 64. */
  parityImages?: number;
  /** Images of the end-to-end extraction (the demo photos repeated). Default 3,025. */
  extractImages?: number;
  /** Batch of the extraction. Default the largest of `batches`. */
  extractBatch?: number;
  /** Minimum seconds per timing point. Default 1.5. */
  seconds?: number;
  /** WebGPU option variants timed at the largest batch in float16. Default none. */
  variants?: Readonly<Record<string, WebGpuOptions>>;
  /** Profile one float16 run at the largest batch. Default false. */
  profile?: boolean;
  /** Progress lines. */
  onProgress?: (line: string) => void;
}

/** One dtype's results. */
export interface DtypeResult {
  readonly dtype: "float32" | "float16";
  readonly modelMB: number;
  readonly sessionSeconds: number;
  /** Against float32 on the CPU. */
  readonly parity: Difference;
  readonly inference: readonly Timing[];
  readonly extraction: {
    readonly images: number;
    readonly batch: number;
    readonly imagesPerSecond: number;
    /** After the first batch, which includes kernel compilation. */
    readonly steadyImagesPerSecond: number;
    /** steady end-to-end over pure inference at the same batch. */
    readonly ofPureInference: number;
  };
}

/** Everything {@linkcode runGpuBenchmark} measured. */
export interface GpuBenchmarkResult {
  readonly device: Device;
  readonly date: string;
  readonly network: { stages: readonly number[]; width: number; gflopsPerImage: number };
  readonly dtypes: readonly DtypeResult[];
  /** float32 on the device against float32 on the CPU: max relative error ≤ 1e-4. */
  readonly parityOk: boolean;
  readonly variants: readonly { name: string; imagesPerSecond: number | null; error?: string }[];
  readonly profile?: ReturnType<typeof summariseProfile>;
}

/** The float32 parity bound of the device against the CPU. */
export const PARITY_BOUND = 1e-4;

/**
 * Runs the benchmark (see the module doc). Throws when the device cannot run models (the
 * caller checks it first with `requireDevice`).
 */
export async function runGpuBenchmark(options: GpuBenchmarkOptions): Promise<GpuBenchmarkResult> {
  const say = options.onProgress ?? (() => {});
  const stages = options.stages ?? IR101_STAGES;
  const width = options.width ?? 64;
  const batches = options.batches ?? [1, 32, 128, 256];
  const largest = Math.max(...batches);
  const seconds = options.seconds ?? 1.5;
  await Deno.mkdir(options.workDir, { recursive: true });

  // 1. Build the models with the harness's converter.
  say(`building a random-weight IR (${stages.join(",")}) with the converter`);
  const fp32 = randomIrBackbone({ stages, width });
  const fp16 = toFloat16(fp32, { source: "random IR" }).bytes;
  const paths = {
    float32: `${options.workDir}/ir_fp32.onnx`,
    float16: `${options.workDir}/ir_fp16.onnx`,
  };
  await Deno.writeFile(paths.float32, fp32);
  await Deno.writeFile(paths.float16, fp16);

  // 2. The CPU float32 reference for the parity check.
  const images = randomImages(options.parityImages ?? 64);
  say(`cpu float32 reference on ${images.length / (3 * 112 * 112)} images`);
  const reference = await loadTimed(paths.float32, "cpu");
  const expected = await embedAll(reference.model, images, 32);
  await reference.model.release();

  // 3. Each dtype: parity, pure inference, end-to-end extraction.
  const table = await _repeatedDemoTable(options.extractImages ?? 3025);
  const dtypes: DtypeResult[] = [];
  for (const dtype of ["float32", "float16"] as const) {
    const { model, seconds: sessionSeconds } = await loadTimed(paths[dtype], options.device);
    let parity: Difference, inference: Timing[];
    try {
      parity = compareRows(expected, await embedAll(model, images, 32), 512);
      say(`${dtype} parity: max relative ${parity.maxRelative.toExponential(2)}`);
      inference = [];
      for (const batch of batches) {
        const timing = await timeInference(model, batch, seconds);
        say(`${dtype} batch ${batch}: ${timing.imagesPerSecond.toFixed(1)} img/s`);
        inference.push(timing);
      }
    } finally {
      await model.release();
    }
    const batch = options.extractBatch ?? largest;
    const extraction = await _extract(table, paths[dtype], options, batch);
    const pure = inference.find((t) => t.batch === batch)?.imagesPerSecond ?? NaN;
    say(`${dtype} extraction: ${extraction.steady.toFixed(1)} img/s`);
    dtypes.push({
      dtype,
      modelMB: (dtype === "float32" ? fp32 : fp16).byteLength / 1e6,
      sessionSeconds,
      parity,
      inference,
      extraction: {
        images: table.names.length,
        batch,
        imagesPerSecond: extraction.overall,
        steadyImagesPerSecond: extraction.steady,
        ofPureInference: extraction.steady / pure,
      },
    });
  }

  // 4. WebGPU option variants and a profile, float16 at the largest batch.
  const variants: GpuBenchmarkResult["variants"][number][] = [];
  for (const [name, webgpu] of Object.entries(options.variants ?? {})) {
    try {
      const { model } = await loadTimed(paths.float16, options.device, webgpu);
      try {
        const t = await timeInference(model, largest, seconds);
        variants.push({ name, imagesPerSecond: t.imagesPerSecond });
        say(`variant ${name}: ${t.imagesPerSecond.toFixed(1)} img/s`);
      } finally {
        await model.release();
      }
    } catch (error) {
      variants.push({
        name,
        imagesPerSecond: null,
        error: String((error as Error).message).slice(0, 300),
      });
      say(`variant ${name}: failed`);
    }
  }
  let profile: GpuBenchmarkResult["profile"];
  if (options.profile) {
    const prefix = `${options.workDir}/profile`;
    const { model } = await loadTimed(paths.float16, options.device, undefined, prefix);
    await timeInference(model, largest, 0);
    model.endProfiling();
    await model.release();
    for await (const entry of Deno.readDir(options.workDir)) {
      if (entry.name.startsWith("profile") && entry.name.endsWith(".json")) {
        profile = summariseProfile(
          JSON.parse(await Deno.readTextFile(`${options.workDir}/${entry.name}`)),
        );
      }
    }
  }
  const parityOk = dtypes[0]!.parity.maxRelative <= PARITY_BOUND;
  return {
    device: options.device,
    date: new Date().toISOString(),
    network: { stages, width, gflopsPerImage: irFlops(stages, width) / 1e9 },
    dtypes,
    parityOk,
    variants,
    profile,
  };
}

/** The demo benchmark's image table (55 real photos) repeated up to `count` rows. */
async function _repeatedDemoTable(count: number): Promise<ImageTable & { dir: string }> {
  const demo = BENCHMARKS.demo;
  const root = new URL("../../", import.meta.url).pathname + demo.defaultData;
  const { table: base, imageDir } = await extractionInput(demo.layout, root);
  const n = base.names.length;
  const pick = <T extends Int32Array | Float32Array>(
    a: T,
    width: number,
    make: (k: number) => T,
  ) => {
    const out = make(count * width);
    for (let r = 0; r < count; r++) {
      out.set(a.subarray((r % n) * width, (r % n + 1) * width), r * width);
    }
    return out;
  };
  return {
    dir: imageDir,
    names: Array.from({ length: count }, (_, r) => base.names[r % n]!),
    templateIds: pick(base.templateIds, 1, (k) => new Int32Array(k)),
    mediaIds: pick(base.mediaIds, 1, (k) => new Int32Array(k)),
    landmarks: pick(base.landmarks, 10, (k) => new Float32Array(k)),
    faceness: pick(base.faceness, 1, (k) => new Float32Array(k)),
  };
}

async function _extract(
  table: ImageTable & { dir: string },
  backbone: string,
  options: GpuBenchmarkOptions,
  batch: number,
): Promise<{ overall: number; steady: number }> {
  const store = `${options.workDir}/store-${backbone.slice(backbone.lastIndexOf("/") + 1)}`;
  await Deno.remove(store, { recursive: true }).catch(() => {});
  let first: { time: number; done: number } | undefined;
  const result = await extractFeatures({
    table,
    imageDir: table.dir,
    backbone,
    store,
    device: options.device,
    preprocess: { batch },
  }, {
    onProgress: (done) => {
      if (first === undefined && done > 0) first = { time: performance.now(), done };
    },
  });
  const end = performance.now();
  const steady = first !== undefined && result.computedRows > first.done
    ? (result.computedRows - first.done) / ((end - first.time) / 1000)
    : result.imagesPerSecond;
  return { overall: result.imagesPerSecond, steady };
}

/** {@linkcode runDemo}: probe frames and a gallery image to the demo figure's data. */
import type { TopLevelSpec } from "vega-lite";
import { CAFACE_DIMS } from "../caface/mod.ts";
import { Backbone, type Preprocess } from "../extract/mod.ts";
import { row } from "../features/mod.ts";
import { FaceLandmarker } from "../landmarks/mod.ts";
import { type Device, OnnxModel } from "../onnx/mod.ts";
import { cafaceTemplate } from "./caface_template.ts";
import { demoChart, type DemoChartOptions } from "./demo_chart.ts";
import { embedFaces, type SkippedImage } from "./embed_faces.ts";
import { averageTemplate, type TemplateFusion } from "./template_fusion.ts";
import { thumbnailDataUrl } from "../images/mod.ts";

/** Options for {@linkcode runDemo}. */
export interface RunDemoOptions {
  /** Backbone ONNX model (path). Required. */
  backbone: string;
  /** Backbone input and output settings. Default: the adaface preset. */
  preprocess?: Partial<Preprocess>;
  /** CAFace model directory (docs/caface-onnx.md#the-contract). Default: none, average fusion only. */
  caface?: string;
  /**
   * Execution device of the backbone and the face detector. Default `"cpu"`. The CAFace
   * graphs always run on the CPU, where they are faster.
   */
  device?: Device;
  /** Intra-op threads per model. Default: onnxruntime's choice. */
  threads?: number;
  /** Chart title, subtitle and sizes. Default: {@linkcode demoChart}'s. */
  chart?: DemoChartOptions;
  /** Called after each image (frames then the gallery) with (done, total). Default: none. */
  onProgress?: (done: number, total: number) => void;
}

/** One frame with a face. */
export interface DemoFrameResult {
  /** 1-based position in the frame list. */
  readonly frame: number;
  readonly path: string;
  /** Cosine similarity of the frame's raw feature to the gallery's. */
  readonly similarity: number;
  /** Weight in each fused feature, by fusion label (`Average`, `CAFace`). */
  readonly weights: Readonly<Record<string, number>>;
}

/** What {@linkcode runDemo} found. */
export interface DemoResult {
  readonly frames: readonly DemoFrameResult[];
  /** Frames left out (no face, or unreadable), with their 1-based numbers. */
  readonly skipped: readonly (SkippedImage & { frame: number })[];
  /** Similarity of each fused feature to the gallery, `Average` first. */
  readonly fused: readonly { label: string; similarity: number }[];
  /** The figure, from {@linkcode demoChart}. */
  readonly spec: TopLevelSpec;
}

/**
 * The CAFace repository's demo (`demo/main.py`) with this harness's parts:
 * ```
 * frames, gallery ─► embedFaces (detect, align, embed) ─► averageTemplate / cafaceTemplate
 *   ─► cosine to gallery ─► demoChart
 * ```
 * 1. Load the face landmarker, the backbone and, with `caface`, both CAFace graphs.
 * 2. Embed every frame and the gallery image.
 * 3. Fuse the frames: average always, CAFace (whole template, one chunk) when asked.
 * 4. Score each frame and each fused feature against the gallery.
 * 5. Build the figure; dots are coloured by the CAFace weight when there is one, else by
 *    the average-fusion weight `‖f‖ / Σ‖f‖`.
 *
 * Degenerate cases: frames without a face are skipped and listed.
 *
 * @throws {TypeError} When `caface` is given and the backbone has no style output (only a
 * converted CAFace backbone gives the per-image style CAFace needs), or its widths are not
 * 512 and 64.
 * @throws {Error} When the gallery image has no face, or no frame has one.
 */
export async function runDemo(
  frames: readonly string[],
  gallery: string,
  options: RunDemoOptions,
): Promise<DemoResult> {
  // 1. Models.
  const load = { device: options.device, threads: options.threads };
  const backbone = await Backbone.load(options.backbone, {
    ...load,
    preprocess: options.preprocess,
  });
  const opened: { release(): Promise<void> }[] = [backbone];
  try {
    if (options.caface !== undefined) _checkCafaceBackbone(backbone, options.caface);
    const landmarker = await FaceLandmarker.load(load);
    opened.push(landmarker);
    let caface: { cluster: OnnxModel; aggregate: OnnxModel } | undefined;
    if (options.caface !== undefined) {
      // The small CAFace graphs run 14-19x slower on WebGPU than on the CPU (docs/gpu.md).
      const cpu = { threads: options.threads };
      const cluster = await OnnxModel.load(`${options.caface}/cluster.onnx`, cpu);
      opened.push(cluster);
      const aggregate = await OnnxModel.load(`${options.caface}/aggregate.onnx`, cpu);
      opened.push(aggregate);
      caface = { cluster, aggregate };
    }
    // 2. Embeddings.
    const total = frames.length + 1;
    const models = { landmarker, backbone };
    const probe = await embedFaces(frames, models, {
      onProgress: (done) => options.onProgress?.(done, total),
    });
    const ref = await embedFaces([gallery], models);
    options.onProgress?.(total, total);
    if (ref.embedding.rows === 0) {
      throw new Error(
        `Cannot use gallery image ${gallery} as ${
          ref.skipped[0]?.reason === "no face" ? "no face was found in it" : "it cannot be decoded"
        }`,
      );
    }
    if (probe.embedding.rows === 0) {
      throw new Error(`Cannot fuse the probe as none of its ${frames.length} frames has a face`);
    }
    // 3. Fusion.
    const fusions: [string, TemplateFusion][] = [["Average", averageTemplate(probe.embedding)]];
    if (caface !== undefined) {
      const input = { features: probe.embedding, style: probe.style! };
      fusions.push(["CAFace", await cafaceTemplate(caface, input)]);
    }
    // 4. Similarities.
    const g = row(ref.embedding, 0);
    const sims = probe.paths.map((_, i) => _cosine(row(probe.embedding, i), g));
    const fused = fusions.map(([label, f]) => ({ label, similarity: _cosine(f.fused, g) }));
    const results = probe.paths.map((path, i) => ({
      frame: probe.index[i]! + 1,
      path,
      similarity: sims[i]!,
      weights: Object.fromEntries(fusions.map(([label, f]) => [label, f.weights[i]!])),
    }));
    const skipped = probe.skipped.map((s) => ({ ...s, frame: frames.indexOf(s.path) + 1 }));
    // 5. Figure.
    const [colourBy, colourFusion] = fusions[fusions.length - 1]!;
    const weightTitle = colourBy === "CAFace"
      ? ["Frame weight", "(CAFace)"]
      : ["Frame weight", "(average fusion: ‖f‖ / Σ‖f‖)"];
    const chartFrames = await Promise.all(results.map(async (r, i) => ({
      frame: r.frame,
      name: _base(r.path),
      similarity: r.similarity,
      weight: colourFusion.weights[i]!,
      thumbnail: await thumbnailDataUrl(probe.crops[i]!, { size: 56 }),
    })));
    const spec = demoChart({
      frames: chartFrames,
      skipped: skipped.map((s) => ({ frame: s.frame, name: _base(s.path) })),
      fused,
      weightTitle,
      gallery: await thumbnailDataUrl(ref.crops[0]!, { size: 112 }),
    }, options.chart);
    return { frames: results, skipped, fused, spec };
  } finally {
    for (const model of opened.reverse()) await model.release();
  }
}

function _checkCafaceBackbone(backbone: Backbone, dir: string): void {
  const { F, STYLE } = CAFACE_DIMS;
  if (backbone.styleDim === null) {
    throw new TypeError(
      `Cannot fuse with CAFace model ${dir} as backbone ${backbone.name} has no style output: CAFace needs a style vector [${STYLE}] per image, which only a converted CAFace backbone gives (its "style" output)`,
    );
  }
  if (backbone.dim !== F || backbone.styleDim !== STYLE) {
    throw new TypeError(
      `Cannot fuse with CAFace model ${dir} as backbone ${backbone.name} gives embedding [${backbone.dim}] and style [${backbone.styleDim}]: expected [${F}] and [${STYLE}]`,
    );
  }
}

/** Cosine similarity in float64; 0 when either vector is zero. */
function _cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0, aa = 0, bb = 0;
  for (let j = 0; j < a.length; j++) {
    ab += a[j]! * b[j]!;
    aa += a[j]! * a[j]!;
    bb += b[j]! * b[j]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

function _base(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

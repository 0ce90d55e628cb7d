/**
 * {@linkcode FaceLandmarker}: detector + 68-point model, loaded once, giving the five
 * ArcFace points of the best face in an image.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Device, OnnxModel } from "../onnx/mod.ts";
import type { RgbImage } from "../images/mod.ts";
import { detectFaces, type DetectOptions } from "./detect.ts";
import { landmarks68, to5Points } from "./landmarks68.ts";

/** Where faceplugin's models live, relative to the repository root. */
export const FACEPLUGIN_MODEL_DIR = "models/faceplugin";

/** Options for {@linkcode FaceLandmarker.load}. */
export interface FaceLandmarkerOptions extends DetectOptions {
  /** Execution device of both models. Default `"cpu"`. */
  device?: Device;
  /** Detector model; default `<modelDir>/fr_detect.onnx`. */
  detectorPath?: string;
  /** 68-point landmark model; default `<modelDir>/fr_landmark.onnx`. */
  landmarkPath?: string;
  /**
   * Folder of the two models. Default: the first of `<repo>/models/faceplugin` (the
   * repository holding this file, found from `import.meta.url`) and
   * `<Deno.cwd()>/models/faceplugin` that exists.
   */
  modelDir?: string;
  /** Intra-op threads per model; default onnxruntime's choice. */
  threads?: number;
}

/** The best face of an image: square box, detector score, and five ArcFace points. */
export interface LocatedFace {
  readonly box: [number, number, number, number];
  readonly score: number;
  /** `[x1, y1, …, x5, y5]`: left eye, right eye, nose, left mouth, right mouth. */
  readonly points5: Float32Array;
}

/**
 * Locates faces and their five ArcFace landmarks with faceplugin's ONNX models (see
 * {@linkcode detectFaces} and {@linkcode landmarks68}).
 *
 * Degenerate cases: an image with no face above the score threshold gives `null`; with
 * several faces, the highest-scoring one wins.
 */
export class FaceLandmarker {
  #detector: OnnxModel;
  #landmarker: OnnxModel;
  #detect: DetectOptions;

  private constructor(detector: OnnxModel, landmarker: OnnxModel, detect: DetectOptions) {
    this.#detector = detector;
    this.#landmarker = landmarker;
    this.#detect = detect;
  }

  /**
   * Loads both models. Throws `Deno.errors.NotFound` when a model file does not exist, and
   * the runner's error when it cannot be loaded.
   */
  static async load(options: FaceLandmarkerOptions = {}): Promise<FaceLandmarker> {
    const dir = options.modelDir ?? _defaultModelDir();
    const detectorPath = options.detectorPath ?? join(dir, "fr_detect.onnx");
    const landmarkPath = options.landmarkPath ?? join(dir, "fr_landmark.onnx");
    for (const path of [detectorPath, landmarkPath]) {
      if (!existsSync(path)) {
        throw new Deno.errors.NotFound(
          `Cannot load face model ${path}: the file does not exist (the harness ships faceplugin's models in models/faceplugin/)`,
        );
      }
    }
    const load = { threads: options.threads, device: options.device };
    const detector = await OnnxModel.load(detectorPath, load);
    const landmarker = await OnnxModel.load(landmarkPath, load);
    const { scoreThreshold, nms, topK } = options;
    return new FaceLandmarker(detector, landmarker, { scoreThreshold, nms, topK });
  }

  /** The highest-scoring face with its five points, or `null` when none is found. */
  async locate(img: RgbImage): Promise<LocatedFace | null> {
    const faces = await detectFaces(this.#detector, img, this.#detect);
    const best = faces[0];
    if (best === undefined) return null;
    const l68 = await landmarks68(this.#landmarker, img, best.box);
    return { box: best.box, score: best.score, points5: to5Points(l68) };
  }

  /** Frees both native sessions. */
  async release(): Promise<void> {
    await this.#detector.release();
    await this.#landmarker.release();
  }
}

function _defaultModelDir(): string {
  const candidates: string[] = [];
  const here = import.meta.url;
  if (here.startsWith("file:")) {
    candidates.push(join(dirname(fileURLToPath(here)), "..", "..", FACEPLUGIN_MODEL_DIR));
  }
  candidates.push(join(Deno.cwd(), FACEPLUGIN_MODEL_DIR));
  return candidates.find((dir) => existsSync(dir)) ?? candidates[candidates.length - 1]!;
}

import { type Matrix, matrix } from "../features/mod.ts";
import { type Device, OnnxModel } from "../onnx/mod.ts";
import { type Preprocess, resolvePreprocess } from "./preprocess.ts";

/** Options for {@linkcode Backbone.load}. */
export interface BackboneOptions {
  /** Execution device. Default `"cpu"`. */
  device?: Device;
  /** Intra-op threads. Default: onnxruntime's choice (all cores). */
  threads?: number;
  /** Input and output settings, completed by {@linkcode resolvePreprocess}. Default adaface. */
  preprocess?: Partial<Preprocess>;
  /** Name used in messages. Default the path, or `"backbone"` for bytes. */
  name?: string;
}

/** What {@linkcode Backbone.embed} returns: one row per image. */
export interface Embeddings {
  /** Raw (not normalised) embeddings; twice as wide with flip `concat`. */
  readonly embedding: Matrix;
  /** Style vectors of the unflipped images, when the model has a style output. */
  readonly style?: Matrix;
}

/**
 * A face-recognition backbone in ONNX (docs/caface-onnx.md#the-contract): one float32 input `[B,3,H,W]`,
 * already colour-ordered and scaled, and a raw embedding output (plus an optional style
 * output). The input name and `H×W` come from the model. A model whose batch dimension is a
 * fixed number (MobileFaceNet's `fr_feature.onnx` has 1) is run that many images per call,
 * the last call padded with zeros, so callers never see the difference.
 */
export class Backbone {
  #model: OnnxModel;
  /** The resolved settings. */
  readonly preprocess: Preprocess;
  /** The model's input name. */
  readonly inputName: string;
  /** Input height and width in pixels. */
  readonly height: number;
  readonly width: number;
  /** The fixed batch size declared by the model, or null when it is dynamic. */
  readonly fixedBatch: number | null;
  /** Width of {@linkcode Embeddings.embedding} (doubled by flip `concat`). */
  readonly dim: number;
  /** Width of {@linkcode Embeddings.style}, or null without a style output. */
  readonly styleDim: number | null;
  readonly name: string;

  private constructor(
    model: OnnxModel,
    preprocess: Preprocess,
    shape: { input: string; height: number; width: number; fixedBatch: number | null },
    dims: { dim: number; styleDim: number | null },
  ) {
    this.#model = model;
    this.preprocess = preprocess;
    this.inputName = shape.input;
    this.height = shape.height;
    this.width = shape.width;
    this.fixedBatch = shape.fixedBatch;
    this.dim = dims.dim;
    this.styleDim = dims.styleDim;
    this.name = model.name;
  }

  /**
   * Loads a backbone from a path or bytes, checks its input and outputs and runs it once
   * on a black image to learn the output widths. A symbolic height or width is taken as 112.
   *
   * @throws {Error} When the model cannot be loaded; on a CUDA device without the CUDA
   * execution provider the message carries {@linkcode CUDA_INSTALL_HINT}.
   * @throws {TypeError} When the model does not have exactly one `[B,3,H,W]` input, or lacks
   * the embedding or style output (the message lists the outputs it has).
   */
  static async load(source: string | Uint8Array, options: BackboneOptions = {}): Promise<Backbone> {
    const preprocess = resolvePreprocess(options.preprocess);
    const name = options.name ?? (typeof source === "string" ? source : "backbone");
    const model = await OnnxModel.load(source, {
      device: options.device,
      threads: options.threads,
      name,
    });
    try {
      const input = model.inputNames[0];
      const shape = input === undefined ? [] : model.inputShape(input);
      if (
        input === undefined || model.inputNames.length !== 1 || shape.length !== 4 || shape[1] !== 3
      ) {
        throw new TypeError(
          `Cannot use ${name} as a backbone as its inputs are ${
            model.inputNames.map((n) => `${n} [${model.inputShape(n).join(", ")}]`).join(", ")
          }: expected one input [B, 3, H, W]`,
        );
      }
      for (const output of [preprocess.embeddingOutput, preprocess.styleOutput]) {
        if (output !== null && !model.outputNames.includes(output)) {
          throw new TypeError(
            `Cannot find output "${output}" in ${name}: it has ${
              model.outputNames.map((n) => `"${n}"`).join(", ")
            }`,
          );
        }
      }
      const size = (d: number | string | undefined) => typeof d === "number" && d > 0 ? d : 112;
      const fixed = typeof shape[0] === "number" && shape[0] > 0 ? shape[0] : null;
      const geometry = { input, height: size(shape[2]), width: size(shape[3]), fixedBatch: fixed };
      const probe = new Backbone(model, preprocess, geometry, { dim: 0, styleDim: null });
      const out = await probe.embed(new Float32Array(3 * geometry.height * geometry.width));
      return new Backbone(model, preprocess, geometry, {
        dim: out.embedding.dim,
        styleDim: out.style?.dim ?? null,
      });
    } catch (error) {
      await model.release();
      throw error;
    }
  }

  /** Floats per image in the input tensor: `3·H·W`. */
  get imageSize(): number {
    return 3 * this.height * this.width;
  }

  /**
   * Embeds a batch `[B,3,H,W]` (row-major, `B·3·H·W` values), honouring
   * {@linkcode Preprocess.flip}. Batches larger than `preprocess.batch` are run in pieces.
   * B = 0 gives 0-row matrices.
   *
   * @throws {TypeError} When the length is not a multiple of `3·H·W`.
   */
  async embed(tensor: Float32Array): Promise<Embeddings> {
    const size = this.imageSize;
    if (tensor.length % size !== 0) {
      throw new TypeError(
        `Cannot embed ${tensor.length} values with ${this.name}: expected a multiple of 3·${this.height}·${this.width} = ${size}`,
      );
    }
    const count = tensor.length / size;
    const plain = await this.#runAll(tensor, count);
    if (this.preprocess.flip === "none") return plain;
    const mirrored = await this.#runAll(_mirror(tensor, count, this.height, this.width), count);
    const a = plain.embedding, b = mirrored.embedding;
    let embedding: Matrix;
    if (this.preprocess.flip === "add") {
      const sum = new Float32Array(a.data.length);
      for (let i = 0; i < sum.length; i++) sum[i] = a.data[i]! + b.data[i]!;
      embedding = matrix(a.rows, a.dim, sum);
    } else {
      const joined = new Float32Array(a.data.length * 2);
      for (let r = 0; r < a.rows; r++) {
        joined.set(a.data.subarray(r * a.dim, (r + 1) * a.dim), 2 * r * a.dim);
        joined.set(b.data.subarray(r * a.dim, (r + 1) * a.dim), (2 * r + 1) * a.dim);
      }
      embedding = matrix(a.rows, 2 * a.dim, joined);
    }
    return plain.style === undefined ? { embedding } : { embedding, style: plain.style };
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.#model.release();
  }

  async #runAll(tensor: Float32Array, count: number): Promise<Embeddings> {
    const size = this.imageSize;
    const step = this.fixedBatch ?? this.preprocess.batch;
    const outputs = [this.preprocess.embeddingOutput];
    if (this.preprocess.styleOutput !== null) outputs.push(this.preprocess.styleOutput);
    const pieces: Float32Array[][] = outputs.map(() => []);
    for (let start = 0; start < count; start += step) {
      const n = Math.min(step, count - start);
      const b = this.fixedBatch ?? n;
      let data = tensor.subarray(start * size, (start + n) * size);
      if (b !== n) {
        const padded = new Float32Array(b * size);
        padded.set(data);
        data = padded;
      }
      const result = await this.#model.run(
        { [this.inputName]: { data, dims: [b, 3, this.height, this.width] } },
        outputs,
      );
      outputs.forEach((name, i) => {
        const values = result[name]!.data;
        if (values.length % b !== 0) {
          throw new TypeError(
            `Cannot split output "${name}" of ${this.name} with ${values.length} values into ${b} rows`,
          );
        }
        pieces[i]!.push(values.slice(0, n * (values.length / b)));
      });
    }
    const [embedding, style] = pieces.map((list) => _stack(list, count));
    return style === undefined ? { embedding: embedding! } : { embedding: embedding!, style };
  }
}

function _stack(list: readonly Float32Array[], rows: number): Matrix {
  const total = list.reduce((s, a) => s + a.length, 0);
  const data = new Float32Array(total);
  let at = 0;
  for (const piece of list) {
    data.set(piece, at);
    at += piece.length;
  }
  return matrix(rows, rows === 0 ? 0 : total / rows, data);
}

/** Horizontal mirror of every plane of an NCHW tensor. */
function _mirror(tensor: Float32Array, count: number, height: number, width: number): Float32Array {
  const out = new Float32Array(tensor.length);
  const lines = count * 3 * height;
  for (let l = 0; l < lines; l++) {
    const base = l * width;
    for (let x = 0; x < width; x++) out[base + x] = tensor[base + width - 1 - x]!;
  }
  return out;
}

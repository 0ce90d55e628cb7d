import { GraphBuilder, OnnxModel } from "../onnx/mod.ts";
import type { Matrix } from "../features/mod.ts";

/**
 * Dot products between two sets of row vectors, `a · bᵀ`, run as one ONNX Gemm so the
 * multiply uses onnxruntime's blocked, multi-threaded kernels (about 30× a plain
 * TypeScript loop on these machines).
 */
export class Similarity {
  #model: OnnxModel;

  private constructor(model: OnnxModel) {
    this.#model = model;
  }

  /** Loads the Gemm graph once; reuse the instance for every block. */
  static async create(options: { threads?: number } = {}): Promise<Similarity> {
    const graph = new GraphBuilder("similarity");
    const a = graph.input("a", ["m", "d"]);
    const b = graph.input("b", ["n", "d"]);
    graph.node("Gemm", [a, b], { outputs: ["scores"], attrs: { transB: 1 } });
    graph.output("scores", ["m", "n"]);
    const model = await OnnxModel.load(graph.toBytes(), {
      name: "similarity",
      memoryArena: false,
      ...options,
    });
    return new Similarity(model);
  }

  /**
   * Returns the `a.rows × b.rows` row-major matrix of dot products, written into `into`
   * (its first `a.rows × b.rows` values) when given, so that a loop over blocks reuses one
   * buffer.
   */
  async scores(a: Matrix, b: Matrix, into?: Float32Array): Promise<Float32Array> {
    if (a.dim !== b.dim) {
      throw new TypeError(`Cannot compare vectors of dimension ${a.dim} and ${b.dim}`);
    }
    if (a.rows === 0 || b.rows === 0) return new Float32Array(0);
    if (into && into.length < a.rows * b.rows) {
      throw new RangeError(
        `Cannot write ${a.rows} × ${b.rows} scores into ${into.length} floats`,
      );
    }
    const dims = [a.rows, b.rows];
    const out = await this.#model.run(
      {
        a: { data: a.data, dims: [a.rows, a.dim] },
        b: { data: b.data, dims: [b.rows, b.dim] },
      },
      ["scores"],
      into ? { scores: { data: into.subarray(0, a.rows * b.rows), dims } } : {},
    );
    return out.scores!.data;
  }

  async release(): Promise<void> {
    await this.#model.release();
  }
}

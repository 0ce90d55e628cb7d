/** CAFace on one whole template, with the per-image weights the CAFace demo plots. */
import type { Matrix } from "../features/mod.ts";
import { CAFACE_DIMS } from "../caface/mod.ts";
import type { OnnxModel } from "../onnx/mod.ts";
import { type TemplateFusion, unitVector } from "./template_fusion.ts";

const { M, D, F, STYLE } = CAFACE_DIMS;

/** The graph outputs that the per-image weights are read from. */
export interface CafaceOutputs {
  /** `assignment` of `cluster.onnx`: `A` [M, N], a softmax over the M clusters. */
  readonly assignment: Float32Array;
  /** `cluster_features` of `cluster.onnx`: `CF` [M, 512]. */
  readonly clusterFeatures: Float32Array;
  /** `weights` of `aggregate.onnx`: `W` [M, 512], a softmax over M per channel. */
  readonly weights: Float32Array;
}

/**
 * Per-image weights of a CAFace fusion (docs/caface-onnx.md#weights-for-plots), for plots only:
 * 1. `conf_m = mean_c(W_mc) · ‖CF_m‖`, the cluster's confidence with its feature norm;
 * 2. cluster weight `c_m = conf_m / Σ conf`;
 * 3. image weight `w_n = Σ_m c_m · A_mn / Σ_n' A_mn'`: each cluster's weight is shared
 *    among the images by their share of its assignment, as the CAFace repository's demo
 *    does (`influence = assignment / assignment.sum(-1)`; it uses `W` without the norm).
 *
 * The weights are ≥ 0 and sum to 1 over the images.
 *
 * Degenerate cases: N = 0 gives no weights; if every cluster has zero confidence (all
 * features zero) the clusters count equally.
 *
 * @throws {TypeError} When an array does not have the size its shape needs.
 */
export function cafaceImageWeights(outputs: CafaceOutputs, n: number): Float64Array {
  const { assignment, clusterFeatures, weights } = outputs;
  if (assignment.length !== M * n || clusterFeatures.length !== M * F || weights.length !== M * F) {
    throw new TypeError(
      `Cannot compute CAFace image weights from assignment, cluster features and weights of ${assignment.length}, ${clusterFeatures.length} and ${weights.length} values: expected ${
        M * n
      }, ${M * F} and ${M * F} for N = ${n}`,
    );
  }
  const conf = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    let w = 0, sq = 0;
    for (let c = 0; c < F; c++) {
      w += weights[m * F + c]!;
      sq += clusterFeatures[m * F + c]! ** 2;
    }
    conf[m] = (w / F) * Math.sqrt(sq);
  }
  const confSum = conf.reduce((a, b) => a + b, 0);
  const out = new Float64Array(n);
  for (let m = 0; m < M; m++) {
    const cluster = confSum > 0 ? conf[m]! / confSum : 1 / M;
    let mass = 0;
    for (let i = 0; i < n; i++) mass += assignment[m * n + i]!;
    if (mass <= 0) continue;
    for (let i = 0; i < n; i++) out[i]! += cluster * assignment[m * n + i]! / mass;
  }
  return out;
}

/**
 * Fuses one template with CAFace as a single chunk (no split, chunk 9999): `cluster.onnx`
 * on all rows, then `aggregate.onnx`, then `x / (‖x‖ + 1e-8)`; the weights are
 * {@linkcode cafaceImageWeights}. The result equals `CafaceEngine.fuse(input, 9999)` for
 * this template.
 *
 * Degenerate cases: 0 rows give a zero feature and no weights without running the graphs.
 *
 * @throws {TypeError} When features are not [N, 512] or style not [N, 64] with the same N.
 */
export async function cafaceTemplate(
  models: { cluster: OnnxModel; aggregate: OnnxModel },
  input: { features: Matrix; style: Matrix },
): Promise<TemplateFusion> {
  const { features, style } = input;
  if (features.dim !== F || style.dim !== STYLE || style.rows !== features.rows) {
    throw new TypeError(
      `Cannot fuse features [${features.rows}, ${features.dim}] and style [${style.rows}, ${style.dim}] with CAFace: expected [N, ${F}] and [N, ${STYLE}]`,
    );
  }
  const n = features.rows;
  if (n === 0) return { fused: new Float32Array(F), weights: new Float64Array(0) };
  const cluster = await models.cluster.run({
    features: { data: features.data, dims: [1, n, F] },
    style: { data: style.data, dims: [1, n, STYLE] },
  }, ["cluster_features", "cluster_styles", "assignment"]);
  const clusterFeatures = cluster.cluster_features!.data;
  const agg = await models.aggregate.run({
    cluster_features: { data: clusterFeatures, dims: [1, M, F] },
    cluster_styles: { data: cluster.cluster_styles!.data, dims: [1, M, D] },
  }, ["fused", "weights"]);
  const weights = cafaceImageWeights({
    assignment: cluster.assignment!.data,
    clusterFeatures,
    weights: agg.weights!.data,
  }, n);
  return { fused: unitVector(agg.fused!.data), weights };
}

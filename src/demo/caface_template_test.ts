import assert from "node:assert/strict";
import { loadReference, loadWeights, maxAbsDiff } from "../../tools/caface/load.ts";
import { CafaceEngine, writeCafaceModelDir } from "../caface/mod.ts";
import { matrix } from "../features/mod.ts";
import { OnnxModel } from "../onnx/mod.ts";
import { cafaceImageWeights, cafaceTemplate } from "./caface_template.ts";

const F = 512;

Deno.test("cafaceImageWeights() shares confidence-weighted clusters by assignment", async (t) => {
  await t.step("hand-computed, N = 2", () => {
    // W_m constant per channel: 0.1, 0.2, 0.3, 0.4; ‖CF_m‖ = 1, 1, 2, 0.5 (first channel).
    // conf = 0.1, 0.2, 0.6, 0.2 → c = 1/11, 2/11, 6/11, 2/11.
    const weights = new Float32Array(4 * F);
    const clusterFeatures = new Float32Array(4 * F);
    [0.1, 0.2, 0.3, 0.4].forEach((w, m) => weights.fill(w, m * F, (m + 1) * F));
    [1, 1, 2, 0.5].forEach((r, m) => (clusterFeatures[m * F] = r));
    // A [4, 2] (columns sum to 1): shares per cluster 1/4 3/4, 1/4 3/4, 12/13 1/13, 2/3 1/3.
    const assignment = new Float32Array([0.1, 0.3, 0.2, 0.6, 0.6, 0.05, 0.1, 0.05]);
    const got = cafaceImageWeights({ assignment, clusterFeatures, weights }, 2);
    const want = [0.75 / 11 + 72 / 143 + 4 / 33, 2.25 / 11 + 6 / 143 + 2 / 33];
    assert.ok(Math.abs(got[0]! - want[0]!) < 1e-6 && Math.abs(got[1]! - want[1]!) < 1e-6, `${got}`);
    assert.ok(Math.abs(got[0]! + got[1]! - 1) < 1e-12);
  });
  await t.step("zero confidence everywhere: clusters count equally", () => {
    const assignment = new Float32Array([1, 0, 0, 1, 0.5, 0.5, 0.5, 0.5]);
    const zero = new Float32Array(4 * F);
    const got = cafaceImageWeights({ assignment, clusterFeatures: zero, weights: zero }, 2);
    assert.deepEqual(Array.from(got), [0.5, 0.5]);
  });
  await t.step("wrong sizes are a TypeError", () => {
    const big = new Float32Array(4 * F);
    assert.throws(
      () =>
        cafaceImageWeights(
          { assignment: new Float32Array(6), clusterFeatures: big, weights: big },
          2,
        ),
      {
        name: "TypeError",
        message:
          "Cannot compute CAFace image weights from assignment, cluster features and weights of 6, 2048 and 2048 values: expected 8, 2048 and 2048 for N = 2",
      },
    );
  });
});

Deno.test("cafaceTemplate() matches PyTorch and the chunked engine on the 17-image template", async () => {
  const ref = await loadReference();
  const t17 = ref.templates.find((t) => t.name === "t17")!;
  const index = ref.templates.indexOf(t17);
  const features = matrix(
    17,
    F,
    ref.get("features").data.slice(t17.start * F, (t17.start + 17) * F),
  );
  const style = matrix(17, 64, ref.get("style").data.slice(t17.start * 64, (t17.start + 17) * 64));
  const dir = await Deno.makeTempDir({ prefix: "demo_caface_" });
  try {
    await writeCafaceModelDir(await loadWeights(), dir, { sourceSha256: "0".repeat(64) });
    const cluster = await OnnxModel.load(`${dir}/cluster.onnx`);
    const aggregate = await OnnxModel.load(`${dir}/aggregate.onnx`);
    const got = await cafaceTemplate({ cluster, aggregate }, { features, style });
    await cluster.release();
    await aggregate.release();
    // Fused feature: PyTorch's whole-template result.
    const torch = ref.get("fused_9999").data.subarray(index * F, (index + 1) * F);
    assert.ok(maxAbsDiff(got.fused, torch) < 1e-5, "fused vs PyTorch");
    // Image weights: numpy on PyTorch's graph outputs (caface_weights_reference.py).
    const want = JSON.parse(
      await Deno.readTextFile("fixtures/demo_video/caface_weights_reference.json"),
    ).image_weights as number[];
    assert.equal(got.weights.length, 17);
    const worst = Math.max(...want.map((w, i) => Math.abs(w - got.weights[i]!)));
    assert.ok(worst < 1e-5, `weights differ by ${worst}`);
    // And the harness engine agrees on the fused feature.
    const engine = await CafaceEngine.load(dir);
    const source = (m: typeof features) => ({
      rows: m.rows,
      dim: m.dim,
      readRows: (s: number, c: number) => Promise.resolve(m.data.slice(s * m.dim, (s + c) * m.dim)),
    });
    const fused = await engine.fuse({
      features: source(features),
      style: source(style),
      templates: {
        ids: Int32Array.of(1),
        offsets: Uint32Array.of(0, 17),
        rows: Uint32Array.from({ length: 17 }, (_, i) => i),
      },
      mediaIds: new Int32Array(17),
    }, 9999);
    await engine.release();
    assert.ok(maxAbsDiff(got.fused, fused.features.data) < 1e-6, "fused vs CafaceEngine");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cafaceTemplate() refuses features without 64-wide style", async () => {
  const none = {} as OnnxModel;
  await assert.rejects(
    cafaceTemplate({ cluster: none, aggregate: none }, {
      features: matrix(2, F),
      style: matrix(2, 8),
    }),
    {
      name: "TypeError",
      message:
        "Cannot fuse features [2, 512] and style [2, 8] with CAFace: expected [N, 512] and [N, 64]",
    },
  );
});

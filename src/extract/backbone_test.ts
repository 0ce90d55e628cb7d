import assert from "node:assert/strict";
import { CUDA_INSTALL_HINT, OnnxModel } from "../onnx/mod.ts";
import { alignFace, decodeImage, toTensor } from "../images/mod.ts";
import { Backbone } from "./backbone.ts";
import { _linearBackbone, _linearReference, _random } from "./_test_data.ts";

const FR_FEATURE = "models/faceplugin/fr_feature.onnx";
const K = 3 * 112 * 112;

function _images(count: number, seed: number): Float32Array {
  const next = _random(seed);
  return Float32Array.from({ length: count * K }, () => next());
}

function _mirror(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const col = i % 112;
    out[i] = x[i - col + 111 - col]!;
  }
  return out;
}

function _assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(
      Math.abs(actual[i]! - expected[i]!) <= tol,
      `value ${i}: ${actual[i]} vs ${expected[i]}`,
    );
  }
}

Deno.test("Backbone.load() reads the input from the model and embed() matches x·W", async () => {
  const model = _linearBackbone({ dim: 8, styleDim: 4 });
  const b = await Backbone.load(model.bytes, { preprocess: { styleOutput: "style", batch: 2 } });
  try {
    assert.deepEqual([b.inputName, b.height, b.width, b.fixedBatch, b.dim, b.styleDim], [
      "input",
      112,
      112,
      null,
      8,
      4,
    ]);
    const x = _images(3, 1);
    const out = await b.embed(x);
    assert.deepEqual([out.embedding.rows, out.embedding.dim, out.style?.dim], [3, 8, 4]);
    for (let n = 0; n < 3; n++) {
      const image = x.subarray(n * K, (n + 1) * K);
      _assertClose(
        out.embedding.data.subarray(n * 8, n * 8 + 8),
        _linearReference(image, model.weights, 8),
        1e-4,
      );
      _assertClose(
        out.style!.data.subarray(n * 4, n * 4 + 4),
        _linearReference(image, model.styleWeights!, 4),
        1e-4,
      );
    }
    assert.equal((await b.embed(new Float32Array(0))).embedding.rows, 0);
    await assert.rejects(
      () => b.embed(new Float32Array(10)),
      new TypeError(
        "Cannot embed 10 values with backbone: expected a multiple of 3·112·112 = 37632",
      ),
    );
  } finally {
    await b.release();
  }
});

Deno.test("Backbone.embed() honours flip add and concat with the mirrored image", async (t) => {
  const model = _linearBackbone({ dim: 6 });
  const x = _images(2, 2);
  const mirrored = _mirror(x);
  for (const flip of ["add", "concat"] as const) {
    await t.step(flip, async () => {
      const b = await Backbone.load(model.bytes, { preprocess: { flip } });
      try {
        const out = await b.embed(x);
        assert.equal(b.dim, flip === "add" ? 6 : 12);
        for (let n = 0; n < 2; n++) {
          const a = _linearReference(x.subarray(n * K, (n + 1) * K), model.weights, 6);
          const m = _linearReference(mirrored.subarray(n * K, (n + 1) * K), model.weights, 6);
          const expected = flip === "add" ? a.map((v, i) => v + m[i]!) : [...a, ...m];
          _assertClose(out.embedding.data.subarray(n * b.dim, (n + 1) * b.dim), expected, 2e-4);
        }
      } finally {
        await b.release();
      }
    });
  }
});

Deno.test("Backbone runs a fixed batch-1 model one image per call", async (t) => {
  await t.step("a linear model with batch 1 gives the dynamic model's rows", async () => {
    const fixed = await Backbone.load(_linearBackbone({ batch: 1 }).bytes);
    const dynamic = await Backbone.load(_linearBackbone().bytes);
    const x = _images(3, 3);
    assert.equal(fixed.fixedBatch, 1);
    assert.deepEqual((await fixed.embed(x)).embedding, (await dynamic.embed(x)).embedding);
    await fixed.release();
    await dynamic.release();
  });
  await t.step("fr_feature.onnx on real crops equals direct runs of the model", async () => {
    const lm = [
      [63.497, 81.92, 108.157, 85.884, 93.985, 103.486, 67.357, 136.292, 104.437, 139.311],
      [52.421, 45.665, 100.899, 48.007, 70.65, 79.518, 54.383, 101.214, 96.726, 103.67],
    ];
    const crops = await Promise.all(
      ["1", "2"].map(async (n, i) =>
        alignFace(
          await decodeImage(`fixtures/johns/loose_crop/${n}.jpg`),
          Float32Array.from(lm[i]!),
        )
      ),
    );
    const preprocess = {
      colour: "rgb",
      scale: 1,
      mean: [127, 127, 127],
      std: [128, 128, 128],
    } as const;
    const x = toTensor(crops, preprocess);
    const b = await Backbone.load(FR_FEATURE, {
      preprocess: { ...preprocess, embeddingOutput: "output" },
    });
    const direct = await OnnxModel.load(FR_FEATURE);
    try {
      assert.deepEqual([b.fixedBatch, b.dim], [1, 512]);
      const out = await b.embed(x);
      for (let n = 0; n < 2; n++) {
        const one = await direct.run({
          input: { data: x.slice(n * K, (n + 1) * K), dims: [1, 3, 112, 112] },
        });
        assert.deepEqual(out.embedding.data.subarray(n * 512, (n + 1) * 512), one.output!.data);
      }
    } finally {
      await b.release();
      await direct.release();
    }
  });
});

Deno.test("Backbone.load() names what is wrong with the model", async (t) => {
  await t.step("a missing output lists the outputs there are", async () => {
    await assert.rejects(
      () => Backbone.load(FR_FEATURE),
      new TypeError(`Cannot find output "embedding" in ${FR_FEATURE}: it has "output"`),
    );
    await assert.rejects(
      () => Backbone.load(_linearBackbone().bytes, { preprocess: { styleOutput: "style" } }),
      new TypeError('Cannot find output "style" in backbone: it has "embedding"'),
    );
  });
  await t.step("CUDA without its execution provider gives the install hint", async () => {
    const error = await Backbone.load(FR_FEATURE, { device: "cuda:0" }).then(
      () => null,
      (e: Error) => e,
    );
    // On a machine with the CUDA provider installed the load succeeds; nothing to check then.
    if (error !== null) {
      assert.ok(
        error.message.startsWith(`Cannot run ${FR_FEATURE} on cuda:0: ${CUDA_INSTALL_HINT}`),
        error.message,
      );
    }
  });
});

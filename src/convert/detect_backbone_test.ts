import assert from "node:assert/strict";
import { detectBackbone, isBackboneLayout } from "./detect_backbone.ts";
import { _loadFixtureWeights } from "./_fixture_weights.ts";

const BN = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"];

function _bn(prefix: string): string[] {
  return BN.map((n) => `${prefix}.${n}`);
}

/** State-dict keys of an AdaFace IR with basic blocks, as net.py names them. */
function _tfaceKeys(stages: readonly number[]): string[] {
  const keys = ["model.input_layer.0.weight", ..._bn("model.input_layer.1")];
  keys.push("model.input_layer.2.weight");
  let index = 0;
  stages.forEach((count, stage) => {
    for (let i = 0; i < count; i++, index++) {
      const p = `model.body.${index}`;
      if (i === 0 && stage > 0) {
        keys.push(`${p}.shortcut_layer.0.weight`, ..._bn(`${p}.shortcut_layer.1`));
      }
      keys.push(..._bn(`${p}.res_layer.0`), `${p}.res_layer.1.weight`, ..._bn(`${p}.res_layer.2`));
      keys.push(`${p}.res_layer.3.weight`, `${p}.res_layer.4.weight`, ..._bn(`${p}.res_layer.5`));
    }
  });
  keys.push(
    ..._bn("model.output_layer.0"),
    "model.output_layer.3.weight",
    "model.output_layer.3.bias",
  );
  keys.push(..._bn("model.output_layer.4").slice(2));
  return keys;
}

/** State-dict keys of an insightface iresnet. */
function _iresnetKeys(stages: readonly number[]): string[] {
  const keys = ["model.conv1.weight", ..._bn("model.bn1"), "model.prelu.weight"];
  stages.forEach((count, stage) => {
    for (let i = 0; i < count; i++) {
      const p = `model.layer${stage + 1}.${i}`;
      keys.push(..._bn(`${p}.bn1`), `${p}.conv1.weight`, ..._bn(`${p}.bn2`), `${p}.prelu.weight`);
      keys.push(`${p}.conv2.weight`, ..._bn(`${p}.bn3`));
      if (i === 0) keys.push(`${p}.downsample.0.weight`, ..._bn(`${p}.downsample.1`));
    }
  });
  keys.push(..._bn("model.bn2"), "model.fc.weight", "model.fc.bias", ..._bn("model.features"));
  return keys;
}

Deno.test("detectBackbone() reads layout, depth and stages of the fixtures", async () => {
  const tface = await _loadFixtureWeights("ir18_tface");
  assert.deepEqual(detectBackbone(tface.keys), {
    layout: "tface-ir",
    depth: 18,
    stages: [2, 2, 2, 2],
  });
  const iresnet = await _loadFixtureWeights("iresnet18");
  assert.deepEqual(detectBackbone(iresnet.keys), {
    layout: "iresnet",
    depth: 18,
    stages: [2, 2, 2, 2],
  });
});

Deno.test("detectBackbone() infers the usual depths from the keys", async (t) => {
  const depths: [number, number[]][] = [
    [34, [3, 4, 6, 3]],
    [50, [3, 4, 14, 3]],
    [100, [3, 13, 30, 3]],
  ];
  for (const [depth, stages] of depths) {
    await t.step(`IR-${depth} (TFace) and iresnet${depth}`, () => {
      const extra = ["aggregator.style_maker.cfc", "center.weight"];
      assert.deepEqual(detectBackbone([..._tfaceKeys(stages), ...extra]), {
        layout: "tface-ir",
        depth,
        stages,
      });
      assert.deepEqual(detectBackbone(_iresnetKeys(stages)), { layout: "iresnet", depth, stages });
    });
  }
  await t.step("the released IR-101 has 917 backbone keys", () => {
    assert.equal(_tfaceKeys([3, 13, 30, 3]).length, 917);
  });
});

Deno.test("detectBackbone() rejects unknown layouts and gaps", async (t) => {
  await t.step("unknown layout", () => {
    assert.throws(
      () => detectBackbone(["model.backbone.weight", "aggregator.x"], { source: "a.ckpt" }),
      new TypeError(
        "Cannot convert a.ckpt: unknown backbone layout, expected keys starting model.input_layer. (TFace IR) or model.conv1. (insightface iresnet)",
      ),
    );
  });
  await t.step("a missing TFace block", () => {
    const keys = _tfaceKeys([2, 2, 2, 2]).filter((k) => !k.startsWith("model.body.5."));
    assert.throws(
      () => detectBackbone(keys),
      new TypeError("Cannot convert model.ckpt: missing key model.body.5.res_layer.1.weight"),
    );
  });
  await t.step("a missing iresnet stage", () => {
    const keys = _iresnetKeys([2, 2, 2, 2]).filter((k) => !k.startsWith("model.layer3."));
    assert.throws(
      () => detectBackbone(keys),
      new TypeError("Cannot convert model.ckpt: missing key model.layer3.0.conv1.weight"),
    );
  });
  await t.step("bottleneck blocks", () => {
    const keys = [..._tfaceKeys([3, 8, 36, 3]), "model.body.0.res_layer.8.weight"];
    assert.throws(
      () => detectBackbone(keys),
      new RangeError(
        "Cannot convert model.ckpt: model.body.0 is a bottleneck block (model.body.0.res_layer.8.weight found): only basic IR blocks are supported",
      ),
    );
  });
});

Deno.test("isBackboneLayout() accepts only the known layouts", () => {
  assert.equal(isBackboneLayout("iresnet"), true);
  assert.equal(isBackboneLayout("tface-ir"), true);
  assert.equal(isBackboneLayout("resnet"), false);
});

import assert from "node:assert/strict";
import { isFlipMode, isPresetName, PREPROCESS_PRESETS, resolvePreprocess } from "./preprocess.ts";

Deno.test("resolvePreprocess() completes settings from a preset", async (t) => {
  await t.step("default is adaface: BGR (x/255 − 0.5)/0.5, no flip, batch 64", () => {
    assert.deepEqual(resolvePreprocess(), {
      colour: "bgr",
      scale: 255,
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
      flip: "none",
      batch: 64,
      embeddingOutput: "embedding",
      styleOutput: null,
    });
  });
  await t.step("arcface is RGB, mobilefacenet BGR (x − 127)/128 with output 'output'", () => {
    assert.equal(resolvePreprocess({}, { preset: "arcface" }).colour, "rgb");
    const m = resolvePreprocess({}, { preset: "mobilefacenet" });
    assert.deepEqual([m.colour, m.scale, m.mean, m.std, m.embeddingOutput], [
      "bgr",
      1,
      [127, 127, 127],
      [128, 128, 128],
      "output",
    ]);
  });
  await t.step("explicit fields override the preset; undefined ones do not", () => {
    const p = resolvePreprocess({ colour: "rgb", flip: "concat", batch: undefined }, {
      preset: "mobilefacenet",
    });
    assert.deepEqual([p.colour, p.flip, p.batch, p.scale], ["rgb", "concat", 64, 1]);
  });
});

Deno.test("resolvePreprocess() rejects out-of-range settings", () => {
  assert.throws(
    () => resolvePreprocess({}, { preset: "vgg" }),
    new RangeError(
      'Cannot find preprocess preset "vgg": available are "adaface", "arcface", "mobilefacenet"',
    ),
  );
  assert.throws(
    () => resolvePreprocess({ flip: "both" as "add" }),
    new RangeError('Cannot use flip "both": available are "none", "add", "concat"'),
  );
  assert.throws(
    () => resolvePreprocess({ colour: "hsv" as "rgb" }),
    new RangeError('Cannot use colour order "hsv": expected "bgr" or "rgb"'),
  );
  assert.throws(
    () => resolvePreprocess({ std: [0.5, 0, 0.5] }),
    new RangeError("Cannot use preprocess std [0.5, 0, 0.5]: expected 3 finite non-zero values"),
  );
  assert.throws(
    () => resolvePreprocess({ mean: [NaN, 0, 0] }),
    new RangeError("Cannot use preprocess mean [NaN, 0, 0]: expected 3 finite values"),
  );
  assert.throws(
    () => resolvePreprocess({ scale: 0 }),
    new RangeError("Cannot use preprocess scale 0: expected a finite non-zero value"),
  );
  assert.throws(
    () => resolvePreprocess({ batch: 2.5 }),
    new RangeError("Cannot use batch size 2.5: expected a whole number ≥ 1"),
  );
});

Deno.test("isFlipMode() and isPresetName() accept only their vocabularies", () => {
  assert.deepEqual(["none", "add", "concat", "x", 1].map(isFlipMode), [
    true,
    true,
    true,
    false,
    false,
  ]);
  assert.deepEqual(
    [...Object.keys(PREPROCESS_PRESETS), "toString", 3].map(isPresetName),
    [true, true, true, false, false],
  );
});

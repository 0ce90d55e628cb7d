import assert from "node:assert/strict";
import {
  _checkArchitecture,
  _findHyperParameter,
  _recordedHyperParameters,
} from "./_hyper_parameters.ts";

const NESTED = {
  $class: "pytorch_lightning.utilities.parsing.AttributeDict",
  arch: "ir_101",
  hparams: { $class: "__main__.HParams", arch: "ir_50", decoder_name: "catv9_g4_conf512_small" },
  args: { inner: { use_memory: false } },
};

Deno.test("_findHyperParameter() prefers the top level, then nested records", () => {
  assert.deepEqual(_findHyperParameter(NESTED, "arch"), {
    path: "hyper_parameters.arch",
    value: "ir_101",
  });
  assert.deepEqual(_findHyperParameter(NESTED, "decoder_name"), {
    path: "hyper_parameters.hparams.decoder_name",
    value: "catv9_g4_conf512_small",
  });
  assert.deepEqual(_findHyperParameter(NESTED, "use_memory"), {
    path: "hyper_parameters.args.inner.use_memory",
    value: false,
  });
  assert.equal(_findHyperParameter(NESTED, "style_index"), undefined);
  assert.equal(_findHyperParameter(undefined, "arch"), undefined);
});

Deno.test("_recordedHyperParameters() keeps only the CAFace fields found", () => {
  assert.deepEqual(_recordedHyperParameters({ ...NESTED, lr: 0.1 }), {
    arch: "ir_101",
    decoder_name: "catv9_g4_conf512_small",
    use_memory: false,
  });
  assert.deepEqual(_recordedHyperParameters(undefined), {});
});

Deno.test("_checkArchitecture() rejects unknown names and accepts absent ones", () => {
  _checkArchitecture(undefined, "a.ckpt");
  _checkArchitecture(NESTED, "a.ckpt");
  _checkArchitecture({ aggregator_name: "style_norm_srm" }, "a.ckpt");
  assert.throws(
    () => _checkArchitecture({ aggregator_name: "avg" }, "a.ckpt"),
    new RangeError(
      'Cannot convert a.ckpt as hyper_parameters.aggregator_name is "avg": only "style_norm_srm" is supported',
    ),
  );
  assert.throws(
    () => _checkArchitecture({ hparams: { decoder_name: 7 } }, "b.ckpt"),
    new RangeError(
      'Cannot convert b.ckpt as hyper_parameters.hparams.decoder_name is 7: only "catv9_g4_conf512_small" is supported',
    ),
  );
});

Deno.test("_checkArchitecture() refuses hyper-parameters that hold none of the recorded fields", () => {
  assert.throws(() => _checkArchitecture({ $class: "x.Unknown", $state: [1, 2] }, "a.ckpt"), {
    name: "RangeError",
    message: "Cannot convert a.ckpt as its hyper_parameters hold none of arch, decoder_name, " +
      "aggregator_name, style_index, use_memory, intermediate_type (at the top level or nested; " +
      "found: $class, $state): they would be lost",
  });
  _checkArchitecture(undefined, "a.ckpt");
  _checkArchitecture({ arch: "ir_101" }, "a.ckpt");
});

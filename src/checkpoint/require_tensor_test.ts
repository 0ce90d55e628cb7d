import assert from "node:assert/strict";
import { openCheckpoint } from "./open_checkpoint.ts";
import { requireTensor } from "./require_tensor.ts";
import { _FIXTURE_GLOBALS } from "./_test_globals.ts";

const PATH = new URL("../../fixtures/checkpoint/model.ckpt", import.meta.url).pathname;

Deno.test("requireTensor() returns a float32 tensor whose shape matches", async () => {
  await using ckpt = await openCheckpoint(PATH, _FIXTURE_GLOBALS);
  const pe = await requireTensor(ckpt, "aggregator.norm_emb.pe", { shape: [61, 8] });
  assert.deepEqual(pe.shape, [61, 8]);
  assert.equal(pe.data.length, 61 * 8);
  const any = await requireTensor(ckpt, "aggregator.norm_emb.pe", { shape: [-1, 8] });
  assert.deepEqual(any.data, pe.data);
  const scalar = await requireTensor(ckpt, "aggregator.norm_emb.scale", { shape: [] });
  assert.deepEqual([...scalar.data], [2.5]);
});

Deno.test("requireTensor() names the key and file when it cannot", async (t) => {
  await using ckpt = await openCheckpoint(PATH, _FIXTURE_GLOBALS);
  await t.step("a missing key", async () => {
    await assert.rejects(requireTensor(ckpt, "aggregator.norm_emb.missing"), {
      name: "RangeError",
      message: "Cannot find aggregator.norm_emb.missing in model.ckpt",
    });
  });
  await t.step("a wrong size", async () => {
    await assert.rejects(requireTensor(ckpt, "aggregator.norm_emb.pe", { shape: [60, 8] }), {
      name: "TypeError",
      message:
        "Cannot use aggregator.norm_emb.pe in model.ckpt as its shape is [61, 8]: expected [60, 8]",
    });
  });
  await t.step("a wrong rank", async () => {
    await assert.rejects(requireTensor(ckpt, "aggregator.norm_emb.scale", { shape: [1] }), {
      name: "TypeError",
      message:
        "Cannot use aggregator.norm_emb.scale in model.ckpt as its shape is []: expected [1]",
    });
  });
});

import assert from "node:assert/strict";
import { openCheckpoint, type TensorRef } from "../checkpoint/mod.ts";
import { _readPrefixed, _readRequested } from "./_checkpoint_weights.ts";
import { _fixture } from "./_test_checkpoints.ts";
import { _FIXTURE_GLOBALS } from "../checkpoint/_test_globals.ts";

/** Opens `path` and records which tensors are read. */
async function _spied(path: string) {
  const ckpt = await openCheckpoint(path, _FIXTURE_GLOBALS);
  const read: string[] = [];
  const keyOf = new Map<TensorRef, string>([...ckpt.stateDict()].map(([k, r]) => [r, k]));
  const tensor = ckpt.tensor.bind(ckpt);
  ckpt.tensor = (ref) => {
    read.push(keyOf.get(ref)!);
    return tensor(ref);
  };
  return { ckpt, read };
}

Deno.test("_readRequested() reads exactly the keys the build asks for", async () => {
  const { ckpt, read } = await _spied(_fixture("caface/caface_random.ckpt"));
  try {
    const tensors = await _readRequested(ckpt, (probe) => {
      assert.deepEqual(probe("aggregator.norm_emb.pe", [61, 64]), new Float32Array(61 * 64));
      probe("aggregator.norm_emb.scale", [1]);
      probe("aggregator.norm_emb.scale", []);
    });
    assert.deepEqual(read, ["aggregator.norm_emb.pe", "aggregator.norm_emb.scale"]);
    assert.deepEqual(tensors.get("aggregator.norm_emb.pe")!.shape, [61, 64]);
    assert.ok(tensors.get("aggregator.norm_emb.pe")!.data.some((v) => v !== 0));
  } finally {
    await ckpt.close();
  }
});

Deno.test("_readRequested() names a missing key or a wrong shape before reading", async () => {
  const { ckpt, read } = await _spied(_fixture("caface/caface_random.ckpt"));
  try {
    await assert.rejects(
      _readRequested(ckpt, (probe) => probe("aggregator.nope", [1])),
      new RangeError("Cannot find aggregator.nope in caface_random.ckpt"),
    );
    await assert.rejects(
      _readRequested(ckpt, (probe) => probe("aggregator.style_maker.cfc", [2, 384])),
      new TypeError(
        "Cannot use aggregator.style_maker.cfc in caface_random.ckpt as its shape is [384, 2]: expected [2, 384]",
      ),
    );
    await assert.rejects(
      _readRequested(ckpt, (probe) => probe("aggregator.norm_emb.pe", [61 * 64])),
      TypeError,
    );
    assert.deepEqual(read, []);
  } finally {
    await ckpt.close();
  }
});

Deno.test("_readPrefixed() skips other prefixes and BatchNorm counters", async () => {
  const { ckpt, read } = await _spied(_fixture("backbone/ir18_tface.ckpt"));
  try {
    const tensors = await _readPrefixed(ckpt, ["aggregator.style_maker."]);
    assert.deepEqual([...tensors.keys()].sort(), [
      "aggregator.style_maker.bn.bias",
      "aggregator.style_maker.bn.running_mean",
      "aggregator.style_maker.bn.running_var",
      "aggregator.style_maker.bn.weight",
      "aggregator.style_maker.cfc",
      "aggregator.style_maker.cfcs.0",
      "aggregator.style_maker.linear.bias",
      "aggregator.style_maker.linear.weight",
      "aggregator.style_maker.relu.weight",
    ]);
    assert.equal(read.length, 9);
  } finally {
    await ckpt.close();
  }
});

import assert from "node:assert/strict";
import { openCheckpoint } from "./open_checkpoint.ts";
import { PickledObject } from "./pickled_object.ts";
import { TensorRef } from "./tensor_ref.ts";
import { _FIXTURE_GLOBALS } from "./_test_globals.ts";

const DIR = new URL("../../fixtures/checkpoint/", import.meta.url);
const fixture = (name: string) => new URL(name, DIR).pathname;

interface ExpectedTensor {
  dtype: string;
  shape: number[];
  stride: number[];
  offset: number;
  values: number[];
}
const EXPECTED = JSON.parse(await Deno.readTextFile(fixture("expected.json"))) as {
  tensors: Record<string, ExpectedTensor>;
  epoch: number;
  global_step: number;
  pl_version: string;
  exp_avg: number[];
  hparams: Record<string, unknown>;
  np_float: number;
  np_int: number;
  big: string;
};
const FILES = [
  "model.ckpt",
  "model_archive.ckpt",
  "model_deflate.ckpt",
  "model_zip64.ckpt",
  "proto4.ckpt",
  "proto5.ckpt",
  "state_only.pth",
];

const asMap = (v: unknown) => {
  assert.ok(v instanceof Map);
  return v;
};

Deno.test("openCheckpoint() reads every tensor exactly as torch stored it", async (t) => {
  for (const file of FILES) {
    await t.step(file, async () => {
      await using ckpt = await openCheckpoint(fixture(file), _FIXTURE_GLOBALS);
      const sd = ckpt.stateDict();
      assert.deepEqual([...sd.keys()], Object.keys(EXPECTED.tensors));
      for (const [key, want] of Object.entries(EXPECTED.tensors)) {
        const ref = sd.get(key);
        assert.ok(ref instanceof TensorRef, key);
        assert.deepEqual(
          { dtype: ref.dtype, shape: ref.shape, stride: ref.stride, offset: ref.offset },
          { dtype: want.dtype, shape: want.shape, stride: want.stride, offset: want.offset },
          key,
        );
        const tensor = await ckpt.tensor(ref);
        assert.deepEqual(tensor.shape, want.shape, key);
        assert.deepEqual([...tensor.data], want.values.map(Math.fround), key);
      }
    });
  }
});

Deno.test("openCheckpoint() keeps shared storages and views as torch does", async () => {
  await using ckpt = await openCheckpoint(fixture("model.ckpt"), _FIXTURE_GLOBALS);
  const sd = ckpt.stateDict();
  const cfc = sd.get("aggregator.style_maker.cfc");
  const cfcs = sd.get("aggregator.style_maker.cfcs.0");
  assert.ok(cfc && cfcs);
  assert.equal(cfc.storageKey, cfcs.storageKey);
  assert.deepEqual([cfc.offset, cfcs.offset], [2, 10]);
  const transposed = sd.get("aggregator.transposed");
  assert.deepEqual(transposed?.stride, [1, 4]);
  const scalar = sd.get("aggregator.norm_emb.scale");
  assert.deepEqual(scalar?.shape, []);
  assert.equal(scalar?.numel, 1);
});

Deno.test("openCheckpoint() reads tensors concurrently", async () => {
  await using ckpt = await openCheckpoint(fixture("model.ckpt"), _FIXTURE_GLOBALS);
  const refs = [...ckpt.stateDict().values()];
  const tensors = await Promise.all([...refs, ...refs].map((ref) => ckpt.tensor(ref)));
  const values = Object.values(EXPECTED.tensors);
  tensors.forEach((tensor, i) => {
    assert.deepEqual([...tensor.data], values[i % refs.length]?.values.map(Math.fround));
  });
});

Deno.test("openCheckpoint() reads a bare state dict without hyper-parameters", async () => {
  await using ckpt = await openCheckpoint(fixture("state_only.pth"), _FIXTURE_GLOBALS);
  assert.equal(ckpt.stateDict().size, 13);
  assert.equal(ckpt.hyperParameters(), undefined);
});

Deno.test("openCheckpoint() finds the top folder whatever it is called", async (t) => {
  for (const [file, top] of [["model.ckpt", "model"], ["model_archive.ckpt", "archive"]]) {
    await t.step(`${file} has ${top}/data.pkl`, async () => {
      const bytes = await Deno.readFile(fixture(file as string));
      assert.ok(new TextDecoder("latin1").decode(bytes).includes(`${top}/data.pkl`));
      await using ckpt = await openCheckpoint(fixture(file as string), _FIXTURE_GLOBALS);
      assert.equal(ckpt.stateDict().size, 13);
    });
  }
});

Deno.test("openCheckpoint() exposes Lightning fields and optimizer tensors", async () => {
  await using ckpt = await openCheckpoint(fixture("model.ckpt"), _FIXTURE_GLOBALS);
  const root = asMap(ckpt.root);
  assert.equal(root.get("epoch"), EXPECTED.epoch);
  assert.equal(root.get("global_step"), EXPECTED.global_step);
  assert.equal(root.get("pytorch-lightning_version"), EXPECTED.pl_version);
  const optimizer = root.get("optimizer_states");
  assert.ok(Array.isArray(optimizer));
  const adam = asMap(asMap(asMap(optimizer[0]).get("state")).get(0));
  assert.equal(adam.get("step"), 4242);
  const expAvg = adam.get("exp_avg");
  assert.ok(expAvg instanceof TensorRef);
  assert.deepEqual([...(await ckpt.tensor(expAvg)).data], EXPECTED.exp_avg);
  const groups = asMap(optimizer[0]).get("param_groups");
  assert.ok(Array.isArray(groups));
  assert.deepEqual(asMap(groups[0]).get("betas"), [0.9, 0.999]);
  const schedulers = root.get("lr_schedulers");
  assert.ok(Array.isArray(schedulers));
  const milestones = asMap(schedulers[0]).get("milestones");
  assert.ok(milestones instanceof PickledObject);
  assert.equal(milestones.$class, "collections.Counter");
  assert.deepEqual(milestones.args, [new Map([[10, 1], [20, 1]])]);
});

Deno.test("openCheckpoint() reads hyper-parameters from unknown classes", async (t) => {
  await t.step("an AttributeDict holding a custom object and a Namespace", async () => {
    await using ckpt = await openCheckpoint(fixture("model.ckpt"), _FIXTURE_GLOBALS);
    assert.deepEqual(ckpt.hyperParameters(), {
      $class: "pytorch_lightning.utilities.parsing.AttributeDict",
      arch: "ir_101",
      style_index: [3, 5],
      hparams: { $class: "__main__.HParams", ...EXPECTED.hparams },
      args: { $class: "argparse.Namespace", seed: 1 },
    });
    const raw = asMap(ckpt.root).get("hyper_parameters");
    assert.ok(raw instanceof PickledObject);
    const inner = raw.items.get("hparams");
    assert.ok(inner instanceof PickledObject);
    assert.equal(asMap(inner.state).get("decoder_name"), "catv9_g4_conf512_small");
  });
  await t.step("a custom object at the top", async () => {
    await using ckpt = await openCheckpoint(fixture("proto4.ckpt"), _FIXTURE_GLOBALS);
    assert.deepEqual(ckpt.hyperParameters(), { $class: "__main__.HParams", ...EXPECTED.hparams });
  });
});

Deno.test("openCheckpoint() decodes assorted Python values", async (t) => {
  for (const file of ["model.ckpt", "proto4.ckpt", "proto5.ckpt"]) {
    await t.step(file, async () => {
      await using ckpt = await openCheckpoint(fixture(file), _FIXTURE_GLOBALS);
      const misc = asMap(asMap(ckpt.root).get("misc"));
      assert.deepEqual(Object.fromEntries(misc), {
        bytes: new Uint8Array([0, 1, 255]),
        bytearray: new TextEncoder().encode("xyz"),
        set: new Set([1, 2, 3]),
        frozenset: new Set(["a"]),
        big: BigInt(EXPECTED.big),
        neg: -70000,
        small_neg: -3,
        float: -1.5e-7,
        none: null,
        tuple3: [1, "b", false],
        tuple5: [1, 2, 3, 4, 5],
        np_float: EXPECTED.np_float,
        np_int: EXPECTED.np_int,
        device: "cpu",
        size: [2, 3],
        unicode: "héllo ✓",
      });
    });
  }
});

Deno.test("openCheckpoint() refuses globals torch.load(weights_only=True) refuses", async (t) => {
  await t.step("a custom class in the fixture, unless allowed", async () => {
    await assert.rejects(openCheckpoint(fixture("proto4.ckpt")), {
      name: "UnsafeGlobalError",
      message:
        /^Cannot load proto4\.ckpt \(proto4\/data\.pkl\): the pickle names the global __main__\.HParams at byte \d+, which torch\.load\(weights_only=True\) does not allow/,
    });
  });
  await t.step("a plain state dict needs nothing beyond torch's list", async () => {
    await using ckpt = await openCheckpoint(fixture("state_only.pth"));
    assert.ok(ckpt.stateDict().size > 0);
  });
});

Deno.test("openCheckpoint() names the file when it cannot read it", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = await Deno.readFile(fixture("model.ckpt"));
    await t.step("a truncated zip", async () => {
      const path = `${dir}/model.ckpt`;
      await Deno.writeFile(path, bytes.subarray(0, bytes.length - 100));
      await assert.rejects(openCheckpoint(path, _FIXTURE_GLOBALS), {
        name: "SyntaxError",
        message:
          "Cannot read model.ckpt as a zip archive: end of central directory not found (file truncated?)",
      });
    });
    await t.step("a corrupt pickle", async () => {
      const path = `${dir}/bad.ckpt`;
      const copy = bytes.slice();
      const start = _indexOf(copy, [0x80, 0x02, 0x7d]); // PROTO 2, EMPTY_DICT
      copy[start + 2] = 0xff;
      await Deno.writeFile(path, copy);
      await assert.rejects(openCheckpoint(path, _FIXTURE_GLOBALS), {
        name: "SyntaxError",
        message: "Cannot read model/data.pkl in bad.ckpt: its CRC-32 is e7bcb5b9, the zip " +
          "directory says 264be63b (the file is damaged; download or copy it again)",
      });
    });
    await t.step("a flipped bit in a tensor's storage", async () => {
      const { unzipSync, zipSync } = await import("fflate");
      const entries = unzipSync(bytes);
      const path = `${dir}/flip.ckpt`;
      await Deno.writeFile(path, zipSync(entries, { level: 0 }));
      const good = await Deno.readFile(path);
      const storage = entries["model/data/0"]!;
      const at = _indexOf(good, Array.from(storage.subarray(0, 8)));
      good[at + 3]! ^= 0x10;
      await Deno.writeFile(path, good);
      await using ckpt = await openCheckpoint(path, _FIXTURE_GLOBALS);
      const ref = [...ckpt.stateDict().values()].find((r) => r.storageKey === "0")!;
      await assert.rejects(ckpt.tensor(ref), {
        name: "SyntaxError",
        message:
          /^Cannot read model\/data\/0 in flip\.ckpt: its CRC-32 is [0-9a-f]{8}, the zip directory says [0-9a-f]{8} \(the file is damaged/,
      });
    });
    await t.step("a root that holds no tensors", async () => {
      const { zipSync } = await import("fflate");
      const path = `${dir}/list.ckpt`;
      // pickle.dumps([1], 2)
      const pickle = new Uint8Array([0x80, 2, 0x5d, 0x71, 0, 0x4b, 1, 0x61, 0x2e]);
      await Deno.writeFile(path, zipSync({ "list/data.pkl": pickle }, { level: 0 }));
      await using ckpt = await openCheckpoint(path, _FIXTURE_GLOBALS);
      assert.deepEqual(ckpt.root, [1]);
      assert.throws(() => ckpt.stateDict(), {
        name: "TypeError",
        message:
          'Cannot find a state dict in list.ckpt: the root has no "state_dict" and holds no tensors',
      });
    });
    await t.step("a zip without data.pkl", async () => {
      const { zipSync } = await import("fflate");
      const path = `${dir}/other.zip`;
      await Deno.writeFile(path, zipSync({ "notes/a.txt": new Uint8Array([1]) }));
      await assert.rejects(openCheckpoint(path, _FIXTURE_GLOBALS), {
        name: "TypeError",
        message:
          'Cannot read other.zip as a PyTorch checkpoint as no entry ends in /data.pkl: found "notes/a.txt"',
      });
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function _indexOf(haystack: Uint8Array, needle: number[]): number {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((b, j) => haystack[i + j] === b)) return i;
  }
  throw new Error("needle not found");
}

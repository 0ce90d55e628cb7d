import assert from "node:assert/strict";
import { writeNpy } from "../features/mod.ts";
import { FeatureStore } from "./feature_store.ts";
import { exportNpy } from "./export_npy.ts";
import { resolvePreprocess } from "./preprocess.ts";
import { storeRowSource } from "./store_row_source.ts";
import type { StoreManifest } from "./store_manifest.ts";
import { ShardIntegrityError } from "./shard_record.ts";
import { _fill, _manifest } from "./_test_data.ts";
import { flipBit } from "../../tools/flip_bit.ts";

Deno.test("FeatureStore.open() creates a store and reuses it when the settings agree", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = await FeatureStore.open(`${dir}/s`, _manifest(10));
    assert.deepEqual([store.partRows, store.shardCount], [10, 3]);
    assert.deepEqual(store.shardRange(2), { start: 8, count: 2 });
    await _fill(store);
    const again = await FeatureStore.open(`${dir}/s`, {
      ..._manifest(10),
      preprocess: resolvePreprocess({ batch: 7 }),
    });
    assert.deepEqual(await again.completedShards(), [0, 1, 2]);
    assert.deepEqual(Array.from((await again.readShard(1)).embedding.subarray(0, 3)), [40, 41, 42]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("FeatureStore.open() refuses a store whose settings differ, naming the setting", async (t) => {
  const dir = await Deno.makeTempDir();
  const s = `${dir}/s`;
  try {
    await FeatureStore.open(s, _manifest(10));
    const cases: [Partial<StoreManifest>, string][] = [
      [
        { preprocess: resolvePreprocess({ colour: "rgb" }) },
        'preprocess.colour is "bgr" there, "rgb" here',
      ],
      [
        { preprocess: resolvePreprocess({ flip: "add" }) },
        'preprocess.flip is "none" there, "add" here',
      ],
      [
        { model: { file: "m.onnx", sha256: "c" } },
        `model.sha256 is "${"a".repeat(64)}" there, "c" here`,
      ],
      [
        { images: { count: 10, sha256: "d" } },
        `images.sha256 is "${"b".repeat(64)}" there, "d" here`,
      ],
      [{ part: { index: 1, count: 2 } }, "part.index is 0 there, 1 here"],
      [{ shardRows: 1024 }, "shardRows is 4 there, 1024 here"],
      [{ styleDim: null }, "styleDim is 2 there, null here"],
      [
        { input: { alignment: "prealigned", height: 112, width: 112, precision: "float32" } },
        'input.alignment is "warped" there, "prealigned" here',
      ],
      [
        { input: { alignment: "warped", height: 128, width: 112, precision: "float32" } },
        "input.height is 112 there, 128 here",
      ],
    ];
    for (const [change, what] of cases) {
      await t.step(what, async () => {
        await assert.rejects(
          () => FeatureStore.open(s, _manifest(10, change)),
          new Error(`Cannot reuse feature store ${s}: ${what}; use another --out or delete it`),
        );
      });
    }
    await t.step("a store of an older format", async () => {
      const old = `${dir}/old`;
      await Deno.mkdir(`${old}/shards`, { recursive: true });
      const { input: _, code: __, ...format2 } = _manifest(10, { format: 2 });
      await Deno.writeTextFile(`${old}/manifest.json`, JSON.stringify(format2));
      await assert.rejects(
        () => FeatureStore.open(old, _manifest(10)),
        new RangeError(
          `Cannot use ${old}/manifest.json as it is in store format 2, this harness reads format 3 (format 3 records the whole preprocessing identity: alignment, input size, precision and the preprocessing code): delete the store to extract again`,
        ),
      );
    });
    await t.step("a non-empty directory without a manifest", async () => {
      await Deno.mkdir(`${dir}/x`);
      await Deno.writeTextFile(`${dir}/x/notes.txt`, "");
      await assert.rejects(
        () => FeatureStore.open(`${dir}/x`, _manifest(10)),
        new Error(
          `Cannot create feature store ${dir}/x as it is a non-empty directory without manifest.json (it holds notes.txt): use another --out`,
        ),
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("FeatureStore.open() drops every shard when only the preprocessing code differs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = await FeatureStore.open(dir, _manifest(10));
    assert.deepEqual(store.codeChanged, []);
    await _fill(store);
    const code = {
      sha256: "e".repeat(64),
      files: { "src/extract/backbone.ts": "d".repeat(64), "src/images/warp.ts": "f".repeat(64) },
    };
    const again = await FeatureStore.open(dir, _manifest(10, { code }));
    assert.deepEqual(again.codeChanged, ["src/images/warp.ts"]);
    assert.deepEqual(await again.completedShards(), []);
    assert.deepEqual(await Array.fromAsync(Deno.readDir(`${dir}/shards`)), []);
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
    assert.deepEqual(manifest.code, code);
    // A colour change beside the code change is still refused, naming the colour.
    await assert.rejects(
      () =>
        FeatureStore.open(dir, _manifest(10, { preprocess: resolvePreprocess({ colour: "rgb" }) })),
      /preprocess\.colour is "bgr" there, "rgb" here/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("FeatureStore counts a shard only once its .json exists and cleans temporaries", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = await FeatureStore.open(dir, _manifest(10));
    await Deno.writeFile(`${dir}/shards/0.f32`, new Uint8Array(48));
    await Deno.writeFile(`${dir}/shards/1.json.tmp-0a1b2c`, new Uint8Array(3));
    await Deno.writeFile(`${dir}/features.npy.tmp-ffee00`, new Uint8Array(3));
    assert.deepEqual(await store.completedShards(), []);
    assert.deepEqual(await store.missingShards(), [0, 1, 2]);
    await FeatureStore.open(dir, _manifest(10));
    const names = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
    assert.deepEqual(names, ["manifest.json", "shards"]);
    assert.deepEqual((await Array.fromAsync(Deno.readDir(`${dir}/shards`))).map((e) => e.name), [
      "0.f32",
    ]);
    await _fill(store);
    await Deno.writeFile(`${dir}/shards/0.f32`, new Uint8Array(40));
    await assert.rejects(
      () => store.readShard(0),
      new ShardIntegrityError(
        `${dir}/shards/0.f32`,
        0,
        `Cannot use shard 0 of ${dir} (image rows 0..3) as ${dir}/shards/0.f32 has 40 bytes, expected 48: the next extraction with this store re-extracts these rows`,
      ),
    );
    await Deno.remove(`${dir}/shards/2.json`);
    await assert.rejects(
      () => store.readShard(2),
      new Error(`Cannot read shard 2 of ${dir} as it is missing`),
    );
    await assert.rejects(
      () => store.writeShard(2, { rows: 4, embedding: new Float32Array(12), failures: [] }),
      new TypeError(
        `Cannot write shard 2 of ${dir} with 4 rows and 12 values: expected 2 rows of 3`,
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("exportNpy() writes the rows in image order, byte-identical to writeNpy()", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = await FeatureStore.open(`${dir}/s`, _manifest(10));
    await assert.rejects(
      () => exportNpy(store, { features: `${dir}/f.npy` }),
      new Error(
        `Cannot export feature store ${dir}/s as it lacks 3 shards: 0, 1, 2 of 3: run the extraction again to finish it`,
      ),
    );
    await _fill(store);
    const failures = await exportNpy(store, { features: `${dir}/f.npy`, style: `${dir}/s.npy` });
    assert.deepEqual(failures, [{ row: 5, name: "5.jpg", reason: "corrupt", message: "m" }]);
    const expected = Float32Array.from({ length: 30 }, (_, i) => Math.floor(i / 3) * 10 + (i % 3));
    await writeNpy(`${dir}/ref.npy`, { rows: 10, dim: 3, data: expected });
    assert.deepEqual(await Deno.readFile(`${dir}/f.npy`), await Deno.readFile(`${dir}/ref.npy`));
    const style = Float32Array.from({ length: 20 }, (_, i) => -Math.floor(i / 2) - (i % 2));
    await writeNpy(`${dir}/ref.npy`, { rows: 10, dim: 2, data: style });
    assert.deepEqual(await Deno.readFile(`${dir}/s.npy`), await Deno.readFile(`${dir}/ref.npy`));
    const source = await storeRowSource(store);
    assert.deepEqual([source.rows, source.dim], [10, 3]);
    assert.deepEqual(await source.readRows(3, 6), expected.slice(9, 27));
    const styles = await storeRowSource(`${dir}/s`, { which: "style" });
    assert.deepEqual(await styles.readRows(7, 3), style.slice(14, 20));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("exportNpy() refuses one part of several", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = await FeatureStore.open(dir, _manifest(10, { part: { index: 1, count: 3 } }));
    assert.deepEqual([store.partRows, store.imageRow(2)], [3, 7]);
    await assert.rejects(
      () => exportNpy(dir, { features: `${dir}/f.npy` }),
      new Error(`Cannot export feature store ${dir} as it holds part 1/3: merge the parts first`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("FeatureStore.readShard() refuses a shard with a flipped bit or a cut record, naming it", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const store = await FeatureStore.open(dir, _manifest(10, { part: { index: 1, count: 2 } }));
    await _fill(store);
    const error = async (k: number) => {
      const e = await store.readShard(k).then(() => null, (e: unknown) => e);
      assert.ok(e instanceof ShardIntegrityError, `shard ${k} is refused`);
      return e;
    };
    await t.step("a bit of the values", async () => {
      await flipBit(`${dir}/shards/0.f32`, { byte: 5, bit: 3 });
      const e = await error(0);
      assert.equal(e.file, `${dir}/shards/0.f32`);
      assert.equal(
        e.message,
        `Cannot use shard 0 of ${dir} (image rows 1..7 step 2) as ${dir}/shards/0.f32 does not match its checksum in 0.json: the next extraction with this store re-extracts these rows`,
      );
    });
    await t.step("a bit of the style values", async () => {
      await flipBit(`${dir}/shards/1.style.f32`, { byte: -1 });
      assert.equal((await error(1)).file, `${dir}/shards/1.style.f32`);
    });
    await t.step("a digit of the record", async () => {
      await _fill(store);
      const file = `${dir}/shards/0.json`;
      const text = await Deno.readTextFile(file);
      assert.match(text, /"row": 5/);
      await Deno.writeTextFile(file, text.replace('"row": 5', '"row": 7'));
      assert.match((await error(0)).message, /0\.json does not match its recordSha256/);
    });
    await t.step("a record cut short", async () => {
      const file = `${dir}/shards/1.json`;
      await Deno.writeTextFile(file, (await Deno.readTextFile(file)).slice(0, 30));
      const e = await error(1);
      assert.equal(e.file, file);
      assert.match(e.message, new RegExp(`as ${file} is not complete JSON`));
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

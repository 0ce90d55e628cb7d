import assert from "node:assert/strict";
import { FeatureStore } from "./feature_store.ts";
import { exportNpy } from "./export_npy.ts";
import { mergeStores } from "./merge_stores.ts";
import { resolvePreprocess } from "./preprocess.ts";
import { _fill, _manifest } from "./_test_data.ts";
import { ShardIntegrityError } from "./shard_record.ts";
import { flipBit } from "../../tools/flip_bit.ts";

async function _parts(
  dir: string,
  rows: number,
  count: number,
  skip: number[] = [],
): Promise<string[]> {
  const dirs: string[] = [];
  for (let index = 0; index < count; index++) {
    if (skip.includes(index)) continue;
    const store = await FeatureStore.open(
      `${dir}/p${index}`,
      _manifest(rows, { part: { index, count } }),
    );
    await _fill(store);
    dirs.push(store.dir);
  }
  return dirs;
}

Deno.test("mergeStores() joins parts i/N into the store a single run writes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const single = await FeatureStore.open(`${dir}/single`, _manifest(11));
    await _fill(single);
    await exportNpy(single, { features: `${dir}/single.npy`, style: `${dir}/single_style.npy` });
    const parts = await _parts(dir, 11, 3);
    const seen: number[] = [];
    const merged = await mergeStores(parts.toReversed(), `${dir}/merged`, {
      onProgress: (done) => seen.push(done),
    });
    assert.deepEqual(seen, [1, 2, 3]);
    assert.deepEqual(merged.manifest, _manifest(11));
    await exportNpy(merged, { features: `${dir}/merged.npy`, style: `${dir}/merged_style.npy` });
    assert.deepEqual(
      await Deno.readFile(`${dir}/merged.npy`),
      await Deno.readFile(`${dir}/single.npy`),
    );
    assert.deepEqual(
      await Deno.readFile(`${dir}/merged_style.npy`),
      await Deno.readFile(`${dir}/single_style.npy`),
    );
    for (let k = 0; k < 3; k++) {
      assert.equal(
        await Deno.readTextFile(`${dir}/merged/shards/${k}.json`),
        await Deno.readTextFile(`${dir}/single/shards/${k}.json`),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mergeStores() names missing, repeated, incomplete and mismatched parts", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const parts = await _parts(dir, 11, 4, [1, 3]);
    await t.step("missing parts", async () => {
      await assert.rejects(
        () => mergeStores(parts, `${dir}/out`),
        new Error("Cannot merge feature stores as parts 1/4, 3/4 are missing"),
      );
    });
    await t.step("a part given twice", async () => {
      await assert.rejects(
        () => mergeStores([parts[0]!, parts[1]!, parts[0]!], `${dir}/out`),
        new Error(
          `Cannot merge feature stores as part 0/4 is given twice: ${parts[0]} and ${parts[0]}`,
        ),
      );
    });
    await t.step("an incomplete part", async () => {
      const p1 = await FeatureStore.open(
        `${dir}/p1`,
        _manifest(11, { part: { index: 1, count: 4 } }),
      );
      const p3 = await FeatureStore.open(
        `${dir}/p3`,
        _manifest(11, { part: { index: 3, count: 4 } }),
      );
      await _fill(p3);
      await assert.rejects(
        () => mergeStores([...parts, p1.dir, p3.dir], `${dir}/out`),
        new Error(`Cannot merge feature stores as part 1/4 (${dir}/p1) lacks shard 0 of 1`),
      );
    });
    await t.step("a part with other settings", async () => {
      const other = await FeatureStore.open(
        `${dir}/q1`,
        _manifest(11, {
          part: { index: 1, count: 4 },
          preprocess: resolvePreprocess({ colour: "rgb" }),
        }),
      );
      await assert.rejects(
        () => mergeStores([parts[0]!, other.dir], `${dir}/out`),
        new Error(
          `Cannot merge feature stores as ${dir}/q1 has preprocess.colour "rgb" but ${
            parts[0]
          } has "bgr"`,
        ),
      );
    });
    await t.step("a part made from other image files", async () => {
      const images = (sizesSha256: string) => ({ count: 11, sha256: "b".repeat(64), sizesSha256 });
      const a = await FeatureStore.open(
        `${dir}/r0`,
        _manifest(11, { part: { index: 0, count: 2 }, images: images("1") }),
      );
      const b = await FeatureStore.open(
        `${dir}/r1`,
        _manifest(11, { part: { index: 1, count: 2 }, images: images("2") }),
      );
      await assert.rejects(
        () => mergeStores([a.dir, b.dir], `${dir}/out`),
        new Error(
          `Cannot merge feature stores as ${b.dir} was extracted from other image files than ${a.dir} (the sizes of the images differ): extract every part from the same data`,
        ),
      );
    });
    await t.step("a part with a flipped bit", async () => {
      const two = await _parts(`${dir}/flip`, 11, 2);
      await flipBit(`${two[1]}/shards/1.f32`);
      await assert.rejects(
        () => mergeStores(two, `${dir}/flip/out`),
        new ShardIntegrityError(
          `${two[1]}/shards/1.f32`,
          1,
          `Cannot use shard 1 of ${two[1]} (image row 9) as ${
            two[1]
          }/shards/1.f32 does not match its checksum in 1.json: the next extraction with this store re-extracts these rows`,
        ),
      );
    });
    await t.step("no store", async () => {
      await assert.rejects(
        () => mergeStores([], `${dir}/out`),
        new Error("Cannot merge feature stores as none was given"),
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

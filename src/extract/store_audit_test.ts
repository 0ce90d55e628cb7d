import assert from "node:assert/strict";
import { encodePng, rgbImage } from "../images/mod.ts";
import { GraphBuilder } from "../onnx/mod.ts";
import type { ImageTable } from "../protocol/mod.ts";
import { flipBit } from "../../tools/flip_bit.ts";
import { extractFeatures, type ExtractOptions } from "./extract.ts";
import { _blurFile, _johnsRows, _linearBackbone } from "./_test_data.ts";

/** The 55 johns photos copied into `<dir>/<copy>/`, and a table naming them. */
async function _copyJohns(dir: string, copy: string): Promise<ImageTable> {
  const rows = await _johnsRows();
  await Deno.mkdir(`${dir}/${copy}/johns/loose_crop`, { recursive: true });
  for (const r of rows) await Deno.copyFile(`fixtures/${r.name}`, `${dir}/${copy}/${r.name}`);
  return {
    names: rows.map((r) => r.name),
    templateIds: new Int32Array(rows.length),
    mediaIds: new Int32Array(rows.length),
    landmarks: Float32Array.from(rows.flatMap((r) => r.landmarks)),
    faceness: new Float32Array(rows.length),
  };
}

async function _setup() {
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(`${dir}/m.onnx`, _linearBackbone({ dim: 4 }).bytes);
  const table = await _copyJohns(dir, "a");
  const options = (imageDir: string): ExtractOptions => ({
    table,
    imageDir,
    backbone: `${dir}/m.onnx`,
    store: `${dir}/store`,
    preprocess: { batch: 4 },
    shardRows: 16,
    workers: 1,
    export: { features: `${dir}/store/features.npy` },
  });
  const features = async () =>
    new Float32Array((await Deno.readFile(`${dir}/store/features.npy`)).slice(128).buffer);
  return { dir, table, options, features };
}

Deno.test("extractFeatures() re-extracts exactly the rows whose image changed", async (t) => {
  const { dir, options, features } = await _setup();
  try {
    const first = await extractFeatures(options(`${dir}/a`));
    assert.equal(first.computedRows, 55);
    const original = await features();
    await t.step("the same files in another folder reuse the store", async () => {
      await _copyJohns(dir, "b");
      const again = await extractFeatures(options(`${dir}/b`));
      assert.equal(again.computedRows, 0);
      assert.equal(again.store.manifest.images.dir, `${dir}/b`);
      assert.deepEqual(await features(), original);
    });
    await t.step("every crop blurred: every row is extracted again", async () => {
      await _copyJohns(dir, "c");
      for (const name of options("").table.names) await _blurFile(`${dir}/c/${name}`, 2);
      const blurred = await extractFeatures(options(`${dir}/c`));
      assert.deepEqual([blurred.computedRows, blurred.audit.changedRows], [55, 55]);
      const now = await features();
      for (let row = 0; row < 55; row++) {
        const a = original.subarray(4 * row, 4 * row + 4), b = now.subarray(4 * row, 4 * row + 4);
        assert.notDeepEqual(b, a, `row ${row} changed`);
      }
    });
    await t.step("one image changed: only its row", async () => {
      const name = options("").table.names[20]!;
      await Deno.copyFile(`${dir}/a/${name}`, `${dir}/c/${name}`);
      const one = await extractFeatures(options(`${dir}/c`));
      assert.deepEqual([one.computedRows, one.audit.changedRows], [1, 1]);
      assert.deepEqual((await features()).subarray(80, 84), original.subarray(80, 84));
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extractFeatures() retries a failed row once its image is repaired", async () => {
  const { dir, options, features, table } = await _setup();
  try {
    const clean = await extractFeatures(options(`${dir}/a`));
    assert.equal(clean.failures.length, 0);
    const original = await features();
    const path = `${dir}/a/${table.names[7]}`;
    const good = await Deno.readFile(path);
    await Deno.writeFile(path, good.slice(0, 40)); // header cut short: corrupt
    const broken = await extractFeatures(options(`${dir}/a`));
    assert.deepEqual(broken.failures.map((f) => [f.row, f.reason]), [[7, "corrupt"]]);
    assert.ok((await features()).subarray(28, 32).every(Number.isNaN));
    await Deno.writeFile(path, good);
    const repaired = await extractFeatures(options(`${dir}/a`));
    assert.deepEqual([repaired.computedRows, repaired.failures.length], [1, 0]);
    assert.deepEqual(await features(), original);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extractFeatures() redoes a damaged shard whole, back to the same bytes", async (t) => {
  const { dir, options, features } = await _setup();
  try {
    await extractFeatures(options(`${dir}/a`));
    const original = await features();
    const shard1 = await Deno.readFile(`${dir}/store/shards/1.f32`);
    await t.step("a flipped bit in the values", async () => {
      await flipBit(`${dir}/store/shards/1.f32`, { byte: 9, bit: 6 });
      const run = await extractFeatures(options(`${dir}/a`));
      assert.deepEqual(run.audit.damaged.map((d) => d.shard), [1]);
      assert.match(run.audit.damaged[0]!.message, /1\.f32 does not match its checksum/);
      assert.equal(run.computedRows, 16);
      assert.deepEqual(await Deno.readFile(`${dir}/store/shards/1.f32`), shard1);
      assert.deepEqual(await features(), original);
    });
    await t.step("a record cut short", async () => {
      const file = `${dir}/store/shards/3.json`;
      await Deno.writeTextFile(file, (await Deno.readTextFile(file)).slice(0, 100));
      const run = await extractFeatures(options(`${dir}/a`));
      assert.deepEqual(run.audit.damaged.map((d) => d.shard), [3]);
      assert.match(run.audit.damaged[0]!.message, /3\.json is not complete JSON/);
      assert.equal(run.computedRows, 7);
      assert.deepEqual(await features(), original);
    });
    await t.step("and the next run finds nothing to do", async () => {
      const run = await extractFeatures(options(`${dir}/a`));
      assert.deepEqual([run.computedRows, run.audit.damaged.length], [0, 0]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extractFeatures() in the same store at once: the second waits, then computes nothing", async () => {
  const { dir, options } = await _setup();
  try {
    const waited: number[] = [];
    const [a, b] = await Promise.all([
      extractFeatures(options(`${dir}/a`)),
      new Promise((r) => setTimeout(r, 20)).then(() =>
        extractFeatures(options(`${dir}/a`), { onLockWait: (h) => waited.push(h.pid) })
      ),
    ]);
    // Whichever took the lock first computed every row; the other waited and reused them.
    assert.deepEqual([a.computedRows, b.computedRows].sort((x, y) => x - y), [0, 55]);
    assert.ok(waited.length <= 1 && waited.every((pid) => pid === Deno.pid));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extractFeatures() lists tiny images and non-finite rows as warnings", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // embedding = (flatten(x)·W) / 0: ±Inf, or NaN where a sum is 0.
    const g = new GraphBuilder("inf");
    g.input("input", ["N", 3, 112, 112]);
    const flat = g.op("Flatten", ["input"], { axis: 1 });
    const w = g.float("w", new Float32Array(3 * 112 * 112 * 2).fill(0.01), [3 * 112 * 112, 2]);
    const y = g.op("MatMul", [flat, w]);
    g.node("Div", [y, g.float("zero", [0], [1])], { outputs: ["embedding"] });
    g.output("embedding", ["N", 2]);
    await Deno.writeFile(`${dir}/inf.onnx`, g.toBytes());
    await Deno.writeFile(`${dir}/dot.png`, await encodePng(rgbImage(1, 1)));
    const table: ImageTable = {
      names: ["dot.png"],
      templateIds: new Int32Array(1),
      mediaIds: new Int32Array(1),
      landmarks: Float32Array.of(0.1, 0.1, 0.9, 0.1, 0.5, 0.5, 0.2, 0.9, 0.8, 0.9),
      faceness: new Float32Array(1),
    };
    const result = await extractFeatures({
      table,
      imageDir: dir,
      backbone: `${dir}/inf.onnx`,
      store: `${dir}/s`,
      workers: 1,
    });
    assert.deepEqual(result.warnings.map((w) => [w.row, w.kind, w.message]), [
      [0, "small", `${dir}/dot.png is 1×1, much smaller than the 112×112 input`],
      [0, "non-finite", "The model gave NaN or Inf for dot.png"],
    ]);
    const record = JSON.parse(await Deno.readTextFile(`${dir}/s/shards/0.json`));
    assert.deepEqual(record.warnings.map((w: { kind: string }) => w.kind), ["non-finite", "small"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

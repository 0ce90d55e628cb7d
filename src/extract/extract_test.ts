import assert from "node:assert/strict";
import { alignFace, decodeImage, toTensor } from "../images/mod.ts";
import type { ImageTable } from "../protocol/mod.ts";
import { exportNpy } from "./export_npy.ts";
import { extractFeatures } from "./extract.ts";
import {
  _BAD_ROWS,
  _johnsRows,
  _linearBackbone,
  _linearReference,
  type _Row,
} from "./_test_data.ts";

function _table(rows: readonly _Row[]): ImageTable {
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
  const model = _linearBackbone({ dim: 4, styleDim: 2 });
  await Deno.writeFile(`${dir}/m.onnx`, model.bytes);
  const johns = (await _johnsRows()).slice(0, 5);
  const landmarkRows: _Row[] = [
    { name: johns[0]!.name, landmarks: [NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
    { name: johns[1]!.name, landmarks: Array(10).fill(50) },
  ];
  const rows = [...johns, ..._BAD_ROWS, ...landmarkRows];
  return { dir, model, rows, table: _table(rows) };
}

Deno.test("extractFeatures() embeds aligned crops and makes NaN rows for unusable images", async () => {
  const { dir, model, rows, table } = await _setup();
  try {
    const progress: number[] = [];
    const result = await extractFeatures({
      table,
      imageDir: "fixtures",
      backbone: `${dir}/m.onnx`,
      store: `${dir}/s`,
      preprocess: { styleOutput: "style", batch: 3 },
      shardRows: 4,
      workers: 2,
    }, { onProgress: (done) => progress.push(done) });
    assert.deepEqual([result.rows, result.computedRows, result.store.shardCount], [16, 16, 4]);
    assert.deepEqual(progress, [0, 3, 4, 7, 8, 11, 12, 15, 16]);
    const expectedFailures = rows.flatMap((r, row) => {
      const reason = "reason" in r ? r.reason : row >= 14 ? "landmarks" : null;
      return reason === null ? [] : [{ row, name: r.name, reason }];
    });
    assert.deepEqual(
      result.failures.map(({ row, name, reason }) => ({ row, name, reason })),
      expectedFailures,
    );
    assert.match(result.failures.at(-1)!.message, /all 5 source points coincide/);
    const small = (name: string) => name.startsWith("images/");
    assert.deepEqual(
      result.warnings.map(({ row, kind }) => `${row} ${kind}`),
      rows.flatMap((r, row) => {
        const found = !("reason" in r && r.reason !== null) && small(r.name);
        if (!found) return [];
        return r.name.endsWith("truncated.jpg")
          ? [`${row} truncated`, `${row} small`]
          : [`${row} small`];
      }),
    );
    assert.match(
      result.warnings.find((w) => w.kind === "truncated")!.message,
      /truncated\.jpg is cut short: decoded partially/,
    );
    await exportNpy(result.store, { features: `${dir}/f.npy`, style: `${dir}/s.npy` });
    const features = new Float32Array((await Deno.readFile(`${dir}/f.npy`)).slice(128).buffer);
    const style = new Float32Array((await Deno.readFile(`${dir}/s.npy`)).slice(128).buffer);
    for (let row = 0; row < rows.length; row++) {
      const got = Array.from(features.subarray(row * 4, row * 4 + 4));
      if (expectedFailures.some((f) => f.row === row)) {
        assert.ok(got.every(Number.isNaN), `row ${row} is NaN`);
        assert.ok(Array.from(style.subarray(row * 2, row * 2 + 2)).every(Number.isNaN));
        continue;
      }
      const img = await decodeImage(`fixtures/${rows[row]!.name}`);
      const x = toTensor([alignFace(img, Float32Array.from(rows[row]!.landmarks))]);
      const want = _linearReference(x, model.weights, 4);
      got.forEach((v, d) =>
        assert.ok(Math.abs(v - want[d]!) < 1e-4, `row ${row}: ${v} vs ${want[d]}`)
      );
      const wantStyle = _linearReference(x, model.styleWeights!, 2);
      Array.from(style.subarray(row * 2, row * 2 + 2)).forEach((v, d) =>
        assert.ok(Math.abs(v - wantStyle[d]!) < 1e-4)
      );
    }
    const times = async () =>
      await Promise.all(
        [0, 1, 2, 3].map(async (k) =>
          (await Deno.stat(`${dir}/s/shards/${k}.json`)).mtime?.getTime()
        ),
      );
    const before = await times();
    const again = await extractFeatures({
      table,
      imageDir: "fixtures",
      backbone: `${dir}/m.onnx`,
      store: `${dir}/s`,
      preprocess: { styleOutput: "style", batch: 5 },
      shardRows: 4,
    });
    // Only the failed rows are tried again; they fail the same way.
    assert.deepEqual(
      [again.computedRows, again.failures.length, again.audit.retriedRows],
      [expectedFailures.length, expectedFailures.length, expectedFailures.length],
    );
    assert.deepEqual(await times(), before, "shards whose failures repeat are not rewritten");
    assert.deepEqual(
      await Deno.readFile(`${dir}/s/shards/0.f32`),
      new Uint8Array(features.buffer, 0, 4 * 4 * 4),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extractFeatures() with onError fail stops at the first unusable image", async (t) => {
  const { dir, rows, table } = await _setup();
  try {
    await t.step("a missing file", async () => {
      await assert.rejects(
        () =>
          extractFeatures({
            table,
            imageDir: "fixtures",
            backbone: `${dir}/m.onnx`,
            store: `${dir}/a`,
            onError: "fail",
          }),
        new Error(
          "Cannot extract features as image images/missing.jpg (row 5) is unusable: missing (Cannot decode fixtures/images/missing.jpg as it does not exist)",
        ),
      );
    });
    await t.step("NaN landmarks", async () => {
      const only = {
        ...table,
        names: table.names.slice(14, 15),
        landmarks: table.landmarks.slice(140, 150),
      };
      await assert.rejects(
        () =>
          extractFeatures({
            table: only,
            imageDir: "fixtures",
            backbone: `${dir}/m.onnx`,
            store: `${dir}/b`,
            onError: "fail",
          }),
        new Error(
          `Cannot extract features as image ${
            rows[14]!.name
          } (row 0) is unusable: landmarks (Cannot estimate a similarity transform as source point 0 x is NaN: expected finite coordinates)`,
        ),
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extractFeatures() stops between batches on abort, keeping written shards", async () => {
  const { dir, table } = await _setup();
  try {
    const controller = new AbortController();
    await assert.rejects(() =>
      extractFeatures({
        table,
        imageDir: "fixtures",
        backbone: `${dir}/m.onnx`,
        store: `${dir}/s`,
        preprocess: { batch: 2 },
        shardRows: 4,
      }, { signal: controller.signal, onProgress: (done) => done >= 4 && controller.abort() })
    );
    const shards = (await Array.fromAsync(Deno.readDir(`${dir}/s/shards`))).map((e) => e.name)
      .sort();
    assert.deepEqual(shards, ["0.f32", "0.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

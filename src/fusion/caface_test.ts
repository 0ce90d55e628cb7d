import assert from "node:assert/strict";
import { cafaceFusion, cafaceFusions } from "./caface.ts";
import type { FusionInput } from "./types.ts";
import { CafaceEngine, writeCafaceModelDir } from "../caface/mod.ts";
import {
  fixedBatchModelDir,
  loadReference,
  loadWeights,
  maxAbsDiff,
  memorySource,
  type Reference,
} from "../../tools/caface/load.ts";

/**
 * The reference templates plus an empty one, with the image rows scattered through the
 * "file" (a fixed permutation) so no template's rows are contiguous.
 */
function scatteredInput(ref: Reference, order?: (t: string, rows: number[]) => number[]) {
  const feats = ref.get("features").data;
  const style = ref.get("style").data;
  const total = feats.length / 512;
  const place = Array.from({ length: total }, (_, i) => (i * 37 + 11) % total);
  const f = new Float32Array(feats.length);
  const s = new Float32Array(style.length);
  for (let i = 0; i < total; i++) {
    f.set(feats.subarray(i * 512, (i + 1) * 512), place[i]! * 512);
    s.set(style.subarray(i * 64, (i + 1) * 64), place[i]! * 64);
  }
  const rows: number[] = [];
  const offsets = [0];
  for (const t of ref.templates) {
    const mine = Array.from({ length: t.length }, (_, i) => place[t.start + i]!);
    rows.push(...(order ? order(t.name, mine) : mine));
    offsets.push(rows.length);
  }
  offsets.push(rows.length); // an empty template
  const input: FusionInput = {
    features: memorySource(f, 512),
    style: memorySource(s, 64),
    templates: {
      ids: Int32Array.from(offsets.slice(1), (_, i) => 100 + i),
      offsets: Uint32Array.from(offsets),
      rows: Uint32Array.from(rows),
    },
    mediaIds: new Int32Array(total),
  };
  return input;
}

async function modelDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "caface_model_" });
  await writeCafaceModelDir(await loadWeights(), dir, { sourceSha256: "0".repeat(64) });
  return dir;
}

function compare(ref: Reference, fused: Float32Array, chunk: number): number {
  const expected = ref.get(`fused_${chunk}`).data;
  const n = ref.templates.length;
  assert.ok(fused.subarray(n * 512).every((v) => v === 0), "the empty template is zero");
  return maxAbsDiff(fused.subarray(0, n * 512), expected);
}

Deno.test("cafaceFusions() matches the PyTorch sequential inference for every chunk size", async () => {
  const ref = await loadReference();
  const dir = await modelDir();
  const runs = await cafaceFusions(dir, { chunks: ref.chunks, threads: 1 });
  const errors: Record<number, number> = {};
  for (const run of runs) {
    const result = await run.fuse(scatteredInput(ref));
    assert.equal(run.fusion, "caface");
    errors[run.chunk!] = compare(ref, result.features.data, run.chunk!);
    assert.equal(result.droppedRows, 5, "3 NaN rows in nan12, 2 in allnan2");
    assert.equal(result.emptyTemplates, 2, "allnan2 and the template with no rows");
  }
  console.log("fused max abs error by chunk", errors);
  for (const e of Object.values(errors)) assert.ok(e < 1e-4, `error ${e}`);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("CafaceEngine.fuse() is the same batched, one call at a time, and across windows", async () => {
  const ref = await loadReference();
  const dir = await modelDir();
  const batched = await CafaceEngine.load(dir, { threads: 1 });
  const single = await CafaceEngine.load(dir, {
    threads: 1,
    maxRowsPerCall: 1,
    maxTemplatesPerCall: 1,
    windowRows: 5,
    windowChunks: 2,
  });
  for (const chunk of [9999, 8, 4]) {
    const a = await batched.fuse(scatteredInput(ref), chunk);
    const b = await single.fuse(scatteredInput(ref), chunk);
    assert.ok(maxAbsDiff(a.features.data, b.features.data) < 1e-6);
    assert.equal(b.droppedRows, 5);
    assert.equal(b.emptyTemplates, 2);
  }
  await batched.release();
  await single.release();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("CafaceEngine.fuse() does not depend on chunk order or image order within a chunk", async () => {
  const ref = await loadReference();
  const dir = await modelDir();
  const engine = await CafaceEngine.load(dir, { threads: 1 });
  const base = await engine.fuse(scatteredInput(ref), 8);
  // t40 at chunk 8 is five chunks of 8: reverse the chunks, then shuffle inside each.
  const moved = await engine.fuse(
    scatteredInput(ref, (name, rows) => {
      if (name !== "t40") return rows;
      const chunks = [0, 1, 2, 3, 4].map((c) => rows.slice(c * 8, c * 8 + 8)).reverse();
      return chunks.flatMap((c) => [c[3]!, c[0]!, c[7]!, c[5]!, c[1]!, c[6]!, c[2]!, c[4]!]);
    }),
    8,
  );
  const t40 = ref.templates.findIndex((t) => t.name === "t40");
  const row = (m: Float32Array) => m.subarray(t40 * 512, (t40 + 1) * 512);
  const change = maxAbsDiff(row(base.features.data), row(moved.features.data));
  assert.ok(change < 1e-5, `change ${change}`);
  // Moving images between chunks is not free: swap one image of chunk 1 with one of chunk 2.
  const swapped = await engine.fuse(
    scatteredInput(ref, (name, rows) => {
      if (name !== "t40") return rows;
      const copy = [...rows];
      [copy[0], copy[8]] = [copy[8]!, copy[0]!];
      return copy;
    }),
    8,
  );
  assert.ok(maxAbsDiff(row(base.features.data), row(swapped.features.data)) > 1e-4);
  await engine.release();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cafaceFusion() runs a fixed-batch torch.onnx.export model one call at a time", async () => {
  const ref = await loadReference();
  const dir = await fixedBatchModelDir();
  const engine = await CafaceEngine.load(dir, { threads: 1 });
  assert.equal(engine.clusterBatch, 1);
  assert.equal(engine.aggregateBatch, 1);
  await engine.release();
  const errors: Record<number, number> = {};
  for (const chunk of [9999, 8]) {
    const run = await cafaceFusion(dir, chunk, { threads: 1 });
    const result = await run.fuse(scatteredInput(ref));
    errors[chunk] = compare(ref, result.features.data, chunk);
    assert.ok(errors[chunk]! < 1e-4);
  }
  console.log("fixed-batch export max abs error by chunk", errors);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cafaceFusions() rejects inputs and models that break the contract", async (t) => {
  const ref = await loadReference();
  const dir = await modelDir();
  await t.step("no style vectors", async () => {
    const [run] = await cafaceFusions(dir, { chunks: [8], threads: 1 });
    const { style: _style, ...input } = scatteredInput(ref);
    await assert.rejects(run!.fuse(input), {
      name: "TypeError",
      message: "Cannot run CAFace fusion without style vectors: the input has features only",
    });
  });
  await t.step("a cluster.onnx without the contract's inputs", async () => {
    await Deno.copyFile(`${dir}/aggregate.onnx`, `${dir}/cluster.onnx`);
    await assert.rejects(cafaceFusions(dir), {
      name: "TypeError",
      message:
        `Cannot use ${dir}/cluster.onnx as it lacks input "features": it has cluster_features, cluster_styles`,
    });
  });
  await t.step("an unknown device", async () => {
    await assert.rejects(cafaceFusions(dir, { device: "tpu" }), {
      name: "RangeError",
      message: 'Cannot use device "tpu": expected cpu, webgpu, cuda or cuda:N',
    });
  });
  await Deno.remove(dir, { recursive: true });
});

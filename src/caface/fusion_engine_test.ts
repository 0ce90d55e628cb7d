import assert from "node:assert/strict";
import type { FusionInput } from "../core/mod.ts";
import { arraySplitSizes } from "./array_split.ts";
import { CafaceEngine } from "./fusion_engine.ts";
import { writeCafaceModelDir } from "./model_dir.ts";
import {
  loadReference,
  loadWeights,
  maxAbsDiff,
  memorySource,
  type Reference,
} from "../../tools/caface/load.ts";

const f = Math.fround;

async function modelDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "caface_engine_" });
  await writeCafaceModelDir(await loadWeights(), dir, { sourceSha256: "0".repeat(64) });
  return dir;
}

/** Templates over shared feature and style rows: `rows[t]` lists template t's row numbers. */
function input(features: Float32Array, style: Float32Array, rows: number[][]): FusionInput {
  const offsets = [0];
  for (const r of rows) offsets.push(offsets.at(-1)! + r.length);
  return {
    features: memorySource(features, 512),
    style: memorySource(style, 64),
    templates: {
      ids: Int32Array.from(rows, (_, i) => i),
      offsets: Uint32Array.from(offsets),
      rows: Uint32Array.from(rows.flat()),
    },
    mediaIds: new Int32Array(features.length / 512),
  };
}

/**
 * The 10,007-frame template of fixtures/caface/long_template.json, built by the rule of
 * `long_rows()` in tools/caface/reference.py from the first 68 (clean) reference rows.
 */
function longTemplate(ref: Reference, frames: number) {
  const base = ref.get("features").data;
  const baseStyle = ref.get("style").data;
  const features = new Float32Array(frames * 512);
  const style = new Float32Array(frames * 64);
  for (let i = 0; i < frames; i++) {
    const p = i % 68;
    const q = (29 * i + 5) % 68;
    const a = f(1 - (i % 13) / 32);
    const b = f((i % 7) / 16);
    for (let j = 0; j < 512; j++) {
      features[i * 512 + j] = f(f(base[p * 512 + j]! * a) + f(base[q * 512 + j]! * b));
    }
    for (let j = 0; j < 64; j++) {
      style[i * 64 + j] = f(f(baseStyle[p * 64 + j]! * a) + f(baseStyle[q * 64 + j]! * b));
    }
  }
  features[17 * 512 + 3] = NaN;
  features[5000 * 512 + 100] = NaN;
  style[9000 * 64] = NaN;
  return { features, style };
}

Deno.test("CafaceEngine.fuse() matches float64 PyTorch on a template of 10,007 frames", async () => {
  const ref = await loadReference();
  const long = JSON.parse(
    await Deno.readTextFile(new URL("../../fixtures/caface/long_template.json", import.meta.url)),
  );
  const { features, style } = longTemplate(ref, long.frames);
  const dir = await modelDir();
  const engine = await CafaceEngine.load(dir, { threads: 2 });
  const errors: Record<string, number> = {};
  for (const [chunk, expected] of Object.entries(long.fused_float64 as Record<string, number[]>)) {
    assert.deepEqual(arraySplitSizes(long.frames, Number(chunk)), long.parts[chunk]);
    const rows = [Array.from({ length: long.frames }, (_, i) => i)];
    const result = await engine.fuse(input(features, style, rows), Number(chunk));
    assert.equal(result.droppedRows, long.dropped_rows);
    errors[chunk] = maxAbsDiff(result.features.data, Float32Array.from(expected));
  }
  console.log("10,007 frames: max abs error against float64 by chunk", errors);
  assert.deepEqual(long.parts["9999"], [5004, 5003], "9999 splits a longer template too");
  for (const e of Object.values(errors)) assert.ok(e <= 1e-4, `error ${e}`);
  await engine.release();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("CafaceEngine.fuse() gives every template what it gets alone, however it batches", async () => {
  const ref = await loadReference();
  const features = ref.get("features").data.slice(0, 68 * 512);
  const style = ref.get("style").data.slice(0, 68 * 64);
  // 40 templates, many of equal length (so their chunks share cluster calls), in different
  // row orders and overlapping rows; lengths 1 to 68.
  const rows = Array.from({ length: 40 }, (_, t) => {
    const n = [5, 17, 17, 40, 68, 3, 9, 1][t % 8]!;
    return Array.from({ length: n }, (_, i) => (i * (2 * t + 1) + 3 * t) % 68);
  });
  const dir = await modelDir();
  const engine = await CafaceEngine.load(dir, { threads: 1 });
  for (const chunk of [9999, 8, 4]) {
    const chunks = rows.reduce((n, r) => n + arraySplitSizes(r.length, chunk).length, 0);
    const before = engine.calls.cluster;
    const together = await engine.fuse(input(features, style, rows), chunk);
    const calls = engine.calls.cluster - before;
    assert.ok(calls * 4 < chunks, `chunk ${chunk}: ${calls} cluster calls for ${chunks} chunks`);
    let worst = 0;
    for (let t = 0; t < rows.length; t++) {
      const alone = await engine.fuse(input(features, style, [rows[t]!]), chunk);
      const mine = together.features.data.subarray(t * 512, (t + 1) * 512);
      worst = Math.max(worst, maxAbsDiff(mine, alone.features.data));
    }
    assert.ok(worst <= 1e-6, `chunk ${chunk}: a template moved by ${worst} when batched`);
  }
  await engine.release();
  await Deno.remove(dir, { recursive: true });
});

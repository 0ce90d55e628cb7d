import assert from "node:assert/strict";
import { matrix } from "../features/mod.ts";
import { openNpy, readNpy, writeNpy } from "../features/mod.ts";
import { groupTemplates, loadImageTable } from "../protocol/mod.ts";
import { averageFusion } from "./average.ts";
import { insightfaceFusion } from "./insightface.ts";
import type { FusionInput, RowSource } from "./types.ts";
import { memorySource } from "../../tools/caface/load.ts";

const DEMO = "fixtures/synthetic";

async function demoInput(): Promise<FusionInput> {
  const images = await loadImageTable(
    `${DEMO}/meta/synthetic_face_tid_mid.txt`,
    `${DEMO}/meta/synthetic_name_5pts_score.txt`,
  );
  return {
    features: await openNpy(`${DEMO}/features.npy`),
    templates: groupTemplates(images.templateIds),
    mediaIds: images.mediaIds,
    faceness: images.faceness,
  };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

for (
  const [name, run] of [["average", averageFusion()], ["insightface", insightfaceFusion()]] as const
) {
  Deno.test(`${name}Fusion() matches the numpy reference templates of the demo protocol`, async () => {
    const fused = await run.fuse(await demoInput());
    const reference = await readNpy(`${DEMO}/templates_${name}.npy`);
    assert.equal(fused.features.rows, reference.rows);
    assert.ok(maxAbsDiff(fused.features.data, reference.data) < 2e-6);
    assert.equal(fused.droppedRows, 3);
    assert.equal(fused.emptyTemplates, 0);
  });
}

function source(rows: number[][]): RowSource {
  const m = matrix(rows.length, rows[0]!.length, Float32Array.from(rows.flat()));
  return {
    rows: m.rows,
    dim: m.dim,
    readRows: (start, count) =>
      Promise.resolve(m.data.slice(start * m.dim, (start + count) * m.dim)),
  };
}

Deno.test("insightfaceFusion() sums media means and keeps an all-NaN template at zero", async () => {
  // Template 7: media 1 = {(2,0), (4,0)} → (3,0); media 2 = {(0,4)} → template (3,4) → (0.6,0.8).
  // Template 9: only a NaN row → zero vector.
  const input: FusionInput = {
    features: source([[2, 0], [0, 4], [4, 0], [NaN, 1]]),
    templates: groupTemplates(Int32Array.from([7, 7, 7, 9])),
    mediaIds: Int32Array.from([1, 2, 1, 5]),
  };
  const fused = await insightfaceFusion().fuse(input);
  assert.deepEqual(Array.from(fused.features.data), [0.6000000238418579, 0.800000011920929, 0, 0]);
  assert.equal(fused.droppedRows, 1);
  assert.equal(fused.emptyTemplates, 1);
});

Deno.test("averageFusion() ignores media and weights images by their norm", async () => {
  // mean((2,0), (0,4), (4,0)) = (2, 4/3) → normalised with the 1e-8 epsilon.
  const input: FusionInput = {
    features: source([[2, 0], [0, 4], [4, 0]]),
    templates: groupTemplates(Int32Array.from([7, 7, 7])),
    mediaIds: Int32Array.from([1, 2, 1]),
  };
  const fused = await averageFusion().fuse(input);
  const norm = Math.hypot(2, 4 / 3);
  assert.ok(Math.abs(fused.features.data[0]! - 2 / norm) < 1e-7);
  assert.ok(Math.abs(fused.features.data[1]! - 4 / 3 / norm) < 1e-7);
});

Deno.test("insightfaceFusion() refuses faceness weighting without faceness scores", async () => {
  const input: FusionInput = {
    features: source([[1, 0]]),
    templates: groupTemplates(Int32Array.from([1])),
    mediaIds: Int32Array.from([1]),
  };
  await assert.rejects(
    () => insightfaceFusion({ faceness: true }).fuse(input),
    TypeError,
    "Cannot weight by faceness: the protocol has no faceness scores",
  );
});

Deno.test("insightfaceFusion() weights images by faceness and can drop their norms", async (t) => {
  const input: FusionInput = {
    features: source([[4, 0], [0, 1]]),
    templates: groupTemplates(Int32Array.from([3, 3])),
    mediaIds: Int32Array.from([1, 2]),
    faceness: Float32Array.from([0.25, 1]),
  };
  await t.step("faceness: (4,0)·0.25 + (0,1)·1 = (1,1)", async () => {
    const fused = await insightfaceFusion({ faceness: true }).fuse(input);
    assert.ok(Math.abs(fused.features.data[0]! - Math.SQRT1_2) < 1e-7);
    assert.ok(Math.abs(fused.features.data[1]! - Math.SQRT1_2) < 1e-7);
  });
  await t.step("normaliseImages: (1,0) + (0,1)", async () => {
    const fused = await insightfaceFusion({ normaliseImages: true }).fuse(input);
    assert.ok(Math.abs(fused.features.data[0]! - fused.features.data[1]!) < 1e-7);
  });
});

Deno.test("fusion streams through reused read buffers exactly as through fresh blocks", async () => {
  // 5 blocks of rows, templates spread across block boundaries.
  const rows = 4 * 2048 + 700, dim = 8;
  const data = Float32Array.from({ length: rows * dim }, (_, i) => Math.sin(i * 0.37) * 3);
  data[3000 * dim + 2] = NaN;
  const dir = await Deno.makeTempDir();
  try {
    await writeNpy(`${dir}/f.npy`, matrix(rows, dim, data));
    const templateIds = Int32Array.from({ length: rows }, (_, r) => 1 + (r * 7919) % 97);
    const templates = groupTemplates(templateIds);
    const mediaIds = Int32Array.from({ length: rows }, (_, r) => r % 13);
    const faceness = new Float32Array(rows).fill(1);
    using reader = await openNpy(`${dir}/f.npy`);
    assert.ok(reader.readRowsInto, "openNpy reads into buffers");
    const fresh = memorySource(data, dim);
    for (const fusion of [averageFusion(), insightfaceFusion()]) {
      const a = await fusion.fuse({ features: reader, templates, mediaIds, faceness });
      const b = await fusion.fuse({ features: fresh, templates, mediaIds, faceness });
      assert.deepEqual(a.features.data, b.features.data, fusion.fusion);
      assert.equal(a.droppedRows, 1);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { CafaceEngine, writeCafaceModelDir } from "../caface/mod.ts";
import type { FusionInput } from "./types.ts";
import { LONG_FRAMES, longTemplateInputs } from "../../tools/caface/ijbs_inputs.ts";
import { loadIjbsCafaceReference } from "../../tools/caface/ijbs_reference.ts";
import { loadWeights, memorySource } from "../../tools/caface/load.ts";

Deno.test("CafaceEngine.fuse() splits a 10,000-frame template at chunk 9999 and matches float64 PyTorch", async () => {
  const ref = await loadIjbsCafaceReference();
  assert.equal(ref.long.frames, LONG_FRAMES);
  assert.deepEqual(ref.long.parts["9999"], [5000, 5000], "np.array_split cuts it in two");
  const { features, style } = longTemplateInputs();
  const input: FusionInput = {
    features: memorySource(features.data, 512),
    style: memorySource(style.data, 64),
    templates: {
      ids: Int32Array.of(0),
      offsets: Uint32Array.of(0, LONG_FRAMES),
      rows: Uint32Array.from({ length: LONG_FRAMES }, (_, i) => i),
    },
    mediaIds: new Int32Array(LONG_FRAMES),
  };
  const dir = await Deno.makeTempDir({ prefix: "caface_long_" });
  await writeCafaceModelDir(await loadWeights(), dir, { sourceSha256: "0".repeat(64) });
  const engine = await CafaceEngine.load(dir, { threads: 2 });
  try {
    const errors: Record<number, number> = {};
    for (const chunk of ref.long.chunks) {
      const fused = (await engine.fuse(input, chunk)).features.data;
      const expected = ref.get(`long_${chunk}`);
      errors[chunk] = Math.max(...fused.map((v, i) => Math.abs(v - expected[i]!)));
      assert.ok(errors[chunk]! <= 1e-4, `chunk ${chunk}: ${errors[chunk]}`);
    }
    console.log("10,000-frame template max |difference| to float64 PyTorch", errors);
  } finally {
    await engine.release();
    await Deno.remove(dir, { recursive: true });
  }
});
